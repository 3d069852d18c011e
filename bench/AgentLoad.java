import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM with options, as async-profiler's own launcher does: {@code jcmd
 * JVMTI.agent_load} cannot pass them, because jcmd reads every {@code name=value} as an argument of its own.
 * Usage: {@code java bench/AgentLoad.java PID LIBRARY OPTIONS}.
 */
public class AgentLoad {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
