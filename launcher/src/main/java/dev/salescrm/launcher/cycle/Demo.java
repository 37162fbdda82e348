package dev.salescrm.launcher.cycle;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;
import dev.salescrm.launcher.cycle.CrmApi.Reply;
import dev.salescrm.launcher.cycle.SalesCycle.FullCycle;

/**
 * {@code ./crm demo}: the whole B2B sales cycle ({@link SalesCycle#fullCycle}) against the suite {@code ./crm up}
 * started, with Persian and English sample data, printing each step and the ids it made. Everything it makes
 * stays, to be explored in Swagger UI or with {@code ./crm token}; each run is tagged, so it can run again.
 */
public final class Demo {

    private Demo() {
    }

    public static int run(SuiteConfig config, Map<String, String> env, PrintStream out, PrintStream err) {
        List<Suite.ProcessStatus> down = new Suite(config, out).status().stream().filter(s -> !s.up()).toList();
        if (!down.isEmpty()) {
            err.println("crm demo: the suite is not (fully) running; start it with ./crm up. Down:");
            down.forEach(line -> err.println("  " + line));
            return 1;
        }
        CrmApi api = CrmApi.of(config, env.getOrDefault("CRM_DEMO_PASSWORD", PkceLogin.DEFAULT_DEMO_PASSWORD));
        SampleData data = SampleData.tehran(SampleData.newTag());
        out.println("crm demo: the whole sales cycle through the gateway " + api.gateway() + " (run " + data.tag() + ")");
        out.println("  cathy = catalog admin, mona = marketing, alice = sales rep, bill = billing; each logged in by PKCE");
        out.println();
        SalesCycle cycle = new SalesCycle(api, out);
        long start = System.nanoTime();
        try {
            FullCycle done = cycle.fullCycle(data);
            Reply timeline = cycle.awaitTimeline("alice", done.accountId(), "INVOICE_PAID");
            cycle.awaitFunnel("mona", done.campaignId(), 1);
            Reply invoice = api.get("bill", "/api/invoices/" + done.invoiceId()).expect(200);
            out.println();
            out.printf("done in %.0f s: the deal is won and its invoice paid.%n", (System.nanoTime() - start) / 1e9);
            out.println("  opportunity  " + done.opportunityId() + "  WON, " + done.total());
            out.println("  account      " + done.accountId() + "  " + data.companyName() + ", CUSTOMER");
            out.println("  invoice      " + done.invoiceId() + "  " + invoice.text("/number") + " "
                    + invoice.text("/status") + ", paid " + SalesCycle.Money.of(invoice.body().get("amountPaid")));
            out.println("  order        " + done.orderId());
            out.println("  quote        " + done.quoteId() + " (revision 1; revision 0: " + done.firstQuoteId() + ")");
            out.println("  lead         " + done.leadId() + ", from campaign " + done.campaignId() + " ("
                    + data.campaignCode() + ")");
            out.println("  price lists  IRR " + done.catalog().irrPriceListId() + ", EUR " + done.catalog().eurPriceListId());
            out.println("  timeline     " + SalesCycle.kinds(timeline).size() + " entries");
            out.println();
            out.println("Explore: " + api.gateway() + "/swagger-ui.html (Authorize with the token of TOKEN=$(./crm token alice))");
            out.println("  curl -H \"Authorization: Bearer $TOKEN\" " + api.gateway() + "/api/accounts/" + done.accountId()
                    + "/timeline");
            return 0;
        } catch (StepFailedException e) {
            err.println();
            err.println("crm demo: " + e.getMessage());
            err.println("  what was made so far stays; the services' logs: ./crm logs <lead|account|opportunity|catalog|billing|gateway>");
            return 1;
        } catch (PkceLogin.LoginException e) {
            err.println("crm demo: cannot log in at " + config.issuer() + ": " + e.getMessage());
            return 1;
        }
    }
}
