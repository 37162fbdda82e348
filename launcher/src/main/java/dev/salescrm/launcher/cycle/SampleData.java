package dev.salescrm.launcher.cycle;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * What the full sales cycle is made of: a software vendor in Tehran selling CRM seats and support, in Persian
 * and English, priced in rials (and, for exploring, in euros). Every name that must be unique (SKUs, the
 * campaign code) carries {@code tag}, so the cycle can run again and again on one suite.
 *
 * <p>The quote: 250 seats × 48,000,000 IRR + 250 support seat-years × 9,500,000 IRR; revised to 300 seats, it
 * totals 300 × 48,000,000 + 250 × 9,500,000 = 16,775,000,000 IRR, paid in two payments.
 */
public record SampleData(
        String tag,
        String unitGroupName,
        String seatSku, String seatName, String supportSku, String supportName,
        String irrPriceListName, String eurPriceListName,
        String campaignName, String campaignCode,
        String firstName, String lastName, String companyName, String email, String phone, String responseNote,
        String opportunityName, BigDecimal estimatedRevenue,
        String quoteName, int seats, int revisedSeats, int supportSeats,
        BigDecimal firstPayment) {

    public static final String CURRENCY = "IRR";
    public static final BigDecimal SEAT_PRICE_IRR = new BigDecimal("48000000.00");
    public static final BigDecimal TEN_PACK_PRICE_IRR = new BigDecimal("450000000.00");
    public static final BigDecimal SUPPORT_PRICE_IRR = new BigDecimal("9500000.00");
    public static final BigDecimal SEAT_PRICE_EUR = new BigDecimal("95.00");
    public static final BigDecimal TEN_PACK_PRICE_EUR = new BigDecimal("900.00");
    public static final BigDecimal SUPPORT_PRICE_EUR = new BigDecimal("19.50");

    /** The Tehran vendor's data, unique by {@code tag} (letters and digits). */
    public static SampleData tehran(String tag) {
        String t = tag.toUpperCase(Locale.ROOT);
        return new SampleData(tag,
                "مجوز نرم‌افزار / Software licence " + t,
                "CRM-SEAT-" + t, "مجوز کاربر CRM / CRM user seat",
                "CRM-SUPPORT-" + t, "پشتیبانی سالانه / Annual support, one seat-year",
                "فهرست قیمت تهران ۱۴۰۵ / Tehran price list " + t, "Euro price list " + t,
                "نمایشگاه الکامپ ۱۴۰۵ / Elecomp trade show " + t, "ELECOMP-" + t,
                "علی", "رضایی", "شرکت پروجان " + t, "ali.rezaei." + tag.toLowerCase(Locale.ROOT) + "@example.ir",
                "+98 912 " + digits(3) + " " + digits(4),
                "در غرفه ما گفت‌وگو کرد؛ برای ۲۵۰ کاربر فروش دنبال CRM است. Met at our booth: wants a CRM for 250 sales users.",
                "استقرار CRM برای ۲۵۰ کاربر / CRM rollout, 250 users", new BigDecimal("14000000000.00"),
                "پیشنهاد استقرار CRM / CRM rollout proposal", 250, 300, 250,
                new BigDecimal("10000000000.00"));
    }

    /** Six random letters and digits: short enough to read, enough to keep runs apart. */
    public static String newTag() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            tag.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return tag.toString();
    }

    /** The revised quote's total: every seat and support seat-year at its list price. */
    public BigDecimal expectedTotal() {
        return SEAT_PRICE_IRR.multiply(BigDecimal.valueOf(revisedSeats))
                .add(SUPPORT_PRICE_IRR.multiply(BigDecimal.valueOf(supportSeats)));
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(RANDOM.nextInt(10));
        }
        return s.toString();
    }
}
