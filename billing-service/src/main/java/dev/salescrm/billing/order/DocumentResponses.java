package dev.salescrm.billing.order;

import java.util.List;
import java.util.UUID;

import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;

/** Priced lines and totals as the HTTP API shows them, on orders and on invoices alike. */
public final class DocumentResponses {

    private DocumentResponses() {
    }

    /** A line; quantity is a decimal string like the amounts, so no digit is lost. */
    public record LineResponse(int lineNumber, UUID lineId, UUID productId, UUID unitId, String sku, String description,
                               String quantity, Money pricePerUnit, Money volumeDiscount, Money manualDiscount,
                               Money extendedAmount) {

        public static LineResponse of(OrderLine l) {
            return new LineResponse(l.lineNumber(), l.lineId(), l.productId(), l.unitId(), l.sku(), l.description(),
                    l.quantity().toPlainString(), l.pricePerUnit(), l.volumeDiscount(), l.manualDiscount(),
                    l.extendedAmount());
        }
    }

    public record TotalsResponse(Money detailAmount, Money discountAmount, Money taxAmount, Money totalAmount) {

        public static TotalsResponse of(OrderTotals t) {
            return new TotalsResponse(t.detailAmount(), t.discountAmount(), t.taxAmount(), t.totalAmount());
        }
    }

    public static List<LineResponse> lines(List<OrderLine> lines) {
        return lines.stream().map(LineResponse::of).toList();
    }
}
