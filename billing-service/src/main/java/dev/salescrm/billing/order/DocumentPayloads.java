package dev.salescrm.billing.order;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;

/**
 * The priced lines and totals as the event contract writes them ({@code common.json}: {@code
 * documentLine}, {@code documentTotals}), shared by the order's and the invoice's events. Optional
 * fields are omitted, never null.
 */
public final class DocumentPayloads {

    private DocumentPayloads() {
    }

    /**
     * {@code common.json#/$defs/documentLine}. {@code volumeDiscount} is not in that definition
     * (yet): it is passed on when the accepted quote carried it, so the document says what the quote
     * said; the schema allows it, as consumers ignore fields they do not know.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentLineV1(UUID lineId, UUID productId, UUID unitId, String sku, String description,
                                 String quantity, Money pricePerUnit, Money volumeDiscount, Money manualDiscount,
                                 Money extendedAmount) {

        public static DocumentLineV1 of(OrderLine line) {
            return new DocumentLineV1(line.lineId(), line.productId(), line.unitId(), line.sku(), line.description(),
                    line.quantity().toPlainString(), line.pricePerUnit(), line.volumeDiscount(), line.manualDiscount(),
                    line.extendedAmount());
        }
    }

    /** {@code common.json#/$defs/documentTotals}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentTotalsV1(Money detailAmount, Money discountAmount, Money taxAmount, Money totalAmount) {

        public static DocumentTotalsV1 of(OrderTotals totals) {
            return new DocumentTotalsV1(totals.detailAmount(), totals.discountAmount(), totals.taxAmount(),
                    totals.totalAmount());
        }
    }

    public static List<DocumentLineV1> lines(List<OrderLine> lines) {
        return lines.stream().map(DocumentLineV1::of).toList();
    }
}
