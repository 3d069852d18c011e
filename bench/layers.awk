# Each sampled stack of async-profiler's collapsed output counted once, in one layer: where a request's CPU goes, in
# parts that sum to the whole, so that two apps' profiles can be set side by side. A sample belongs to the layer
# nearest its top frame (JSON written by Jackson is Jackson's, the router's own work the router's), but socket work
# (Netty, Vert.x's connections) belongs to whoever the socket serves: the PostgreSQL client, or HTTP. A few parts
# take everything beneath them: the access log line (its formatting and its write to stdout), other logging, metrics,
# input checks, and the JIT compiler's and GC's threads.
#   zcat profile-get.collapsed.gz | awk -v cpu_us=89 -f bench/layers.awk   (cpu_us: the app's CPU µs a request)
function subsystem(stack) {
  if (stack ~ /CompileBroker|C2Compiler|C1Compiler|GCTaskThread|ParallelTask|VM_Thread|VMThread/) return "JIT compiler and GC threads"
  if (stack ~ /(AccessLog|RequestLine)\.(log|line)(;|$)/) return "the access log line (building, formatting, writing it)"
  if (stack ~ /org[\/.]jboss[\/.]logmanager|org[\/.]jboss[\/.]logging/) return "other logging"
  if (stack ~ /io[\/.]micrometer/) return "metrics (Micrometer)"
  if (stack ~ /org[\/.]hibernate[\/.]validator|provisioning[\/.]web[\/.](JsonBody|InputValidator)|floor[\/.]AccountCheck/) return "input checks"
  return ""
}
function layer(frame) {
  if (frame ~ /^io[\/.]netty/) return "netty"
  if (frame ~ /^io[\/.]vertx[\/.]core/) return "core"
  if (frame ~ /^io[\/.]vertx[\/.](pgclient|sqlclient)/) return "PostgreSQL client (statements, rows, its socket)"
  if (frame ~ /^com[\/.]fasterxml[\/.]jackson/) return "JSON (Jackson)"
  if (frame ~ /^org[\/.]jboss[\/.]resteasy/) return "RESTEasy Reactive"
  if (frame ~ /^io[\/.]quarkus|^io[\/.]smallrye[\/.]jwt/) return "Quarkus: HTTP, CDI, security"
  if (frame ~ /^io[\/.]smallrye[\/.](mutiny|context)/) return "Mutiny and context propagation"
  if (frame ~ /^io[\/.]vertx[\/.]ext[\/.]web/) return "Vert.x Web (router, routing context)"
  if (frame ~ /^org[\/.]erp[\/.]provisioning|^floor[\/.]/) return "the app's own code"
  return ""
}
{
  n = $NF; stack = $0; sub(/ [0-9]+$/, "", stack); total += n
  part = subsystem(stack)
  if (part == "") {
    k = split(stack, frames, ";"); first = ""; owner = ""
    for (i = k; i >= 1; i--) {
      l = layer(frames[i])
      if (l == "") continue
      if (first == "") first = l
      if (l != "netty" && l != "core") { owner = l; break }
    }
    if (first == "netty" || first == "core") {
      if (owner ~ /^PostgreSQL/) part = owner
      else part = (first == "netty") ? "HTTP I/O (Netty, socket calls)" : "Vert.x core (contexts, HTTP server)"
    } else part = first
  }
  if (part == "") part = "the JVM and the rest"
  samples[part] += n
}
END {
  for (part in samples) printf "%6.1f %%  %5.1f µs  %s\n", 100 * samples[part] / total, cpu_us * samples[part] / total, part
}
