package org.erp.provisioning.tracing;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.erp.provisioning.support.EvaDatabase;
import org.erp.provisioning.support.OtlpReceiver;

@QuarkusTest
@WithTestResource(EvaDatabase.class)
@WithTestResource(value = OtlpReceiver.class,
        initArgs = @ResourceArg(name = "protocol", value = "grpc"))
class GrpcTraceExportTest extends TraceExport {

    GrpcTraceExportTest() {
        super("grpc");
    }
}
