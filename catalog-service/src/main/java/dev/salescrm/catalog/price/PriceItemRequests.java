package dev.salescrm.catalog.price;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import dev.salescrm.catalog.price.domain.PriceItem;
import dev.salescrm.catalog.pricing.DiscountBand;
import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.DiscountType;
import dev.salescrm.catalog.pricing.PriceDefinition;
import dev.salescrm.catalog.pricing.PricingException;
import dev.salescrm.catalog.pricing.PricingMethod;
import dev.salescrm.catalog.pricing.Rounding;
import dev.salescrm.catalog.pricing.RoundingPolicy;
import dev.salescrm.catalog.pricing.replica.PriceUpsertedV1;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.web.InvalidRequestException;

/** What a client sends for a price list item (the item API and the ERP sync share it). */
public final class PriceItemRequests {

    private PriceItemRequests() {
    }

    public record RoundingRequest(@NotNull RoundingPolicy policy, BigDecimal multiple) {
    }

    public record BandRequest(@NotNull BigDecimal fromQuantity, BigDecimal toQuantity, @NotNull BigDecimal value) {
    }

    public record DiscountRequest(@NotNull DiscountType type, @NotEmpty List<@Valid @NotNull BandRequest> bands) {
    }

    /**
     * A price list item. {@code amount} is a decimal string like every amount of money; without
     * {@code pricingMethod} it is CURRENCY_AMOUNT.
     */
    public record ItemRequest(@NotNull UUID productId, @NotNull UUID unitId, PricingMethod pricingMethod, String amount,
                       BigDecimal percent, UUID basePriceListId, @Valid RoundingRequest rounding,
                       @Valid DiscountRequest discount) {

        /** The item as the pricing function sees it; a rejection names the field under {@code prefix}. */
        public PriceService.ItemSpec toSpec(String prefix) {
            try {
                BigDecimal parsedAmount = null;
                if (amount != null) {
                    try {
                        parsedAmount = Money.parseAmount(amount);
                    } catch (IllegalArgumentException e) {
                        throw new PricingException("amount", e.getMessage());
                    }
                }
                Rounding r = rounding == null ? Rounding.NONE : Rounding.of(rounding.policy(), rounding.multiple());
                PriceDefinition definition = new PriceDefinition(pricingMethod, parsedAmount, percent, r);
                DiscountList discounts = discount == null ? null : new DiscountList(discount.type(), discount.bands().stream()
                        .map(b -> new DiscountBand(b.fromQuantity(), b.toQuantity(), b.value())).toList());
                return new PriceService.ItemSpec(productId, unitId, definition, basePriceListId, discounts);
            } catch (PricingException e) {
                throw new InvalidRequestException(prefix + e.field(), e.reason());
            }
        }

        public static ItemRequest of(PriceItem item) {
            PriceDefinition d = item.definition();
            return new ItemRequest(item.productId(), item.unitId(), d.method(),
                    d.amount() == null ? null : PriceUpsertedV1.plain(d.amount()), d.percent(), item.basePriceListId(),
                    d.rounding().policy() == RoundingPolicy.NONE ? null
                            : new RoundingRequest(d.rounding().policy(), d.rounding().multiple()),
                    item.discount() == null ? null : new DiscountRequest(item.discount().type(), item.discount().bands()
                            .stream().map(b -> new BandRequest(b.fromQuantity(), b.toQuantity(), b.value())).toList()));
        }
    }

}
