package dev.salescrm.systemtest.faults;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints the fault suite's table once, after the last test of the run (registered via META-INF/services). */
public final class FaultReportPrinter implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!FaultReport.rows().isEmpty()) {
            System.out.println("\nFault suite (also in " + FaultReport.file() + "):\n" + FaultReport.table());
        }
    }
}
