package dev.salescrm.opportunity.quote.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.salescrm.platform.money.Money;

/**
 * A price offer drafted inside an opportunity. Immutable; every change returns the next version.
 *
 * <p>A draft is written: its name, validity, description, quote discount and lines change freely,
 * catalog lines priced from {@code priceListId}. Activating offers it to the customer and freezes
 * it — lines, prices and totals stay what they were when it was activated, whatever the catalog
 * does later. An active quote is accepted (WON, with the id of the order it becomes), closed, or
 * revised: closed as REVISED while a new draft with the next revision number and copies of its
 * lines takes its place. Status changes follow {@link QuoteStatusTransitions}.
 *
 * @param revision      0 for a new quote, one more for each revision
 * @param revisedFromId the quote this draft revises, if it is a revision
 * @param currency      every amount of the quote is in it (the opportunity's currency)
 * @param discount      the quote-level discount, zero when none
 * @param lines         in line-number order
 * @param orderId       allocated when the quote is accepted; null before
 * @param version       optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record Quote(UUID id, UUID opportunityId, int revision, UUID revisedFromId, String name, String description,
                    UUID priceListId, Currency currency, LocalDate validUntil, QuoteStatusReason statusReason,
                    Money discount, List<QuoteLine> lines, UUID orderId, long version, Instant createdAt,
                    String createdBy, Instant updatedAt) {

    public static final int MAX_NAME_LENGTH = 300;
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;
    public static final int MAX_LINES = 500;

    public Quote {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(priceListId, "priceListId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 0) {
            throw new IllegalArgumentException("revisions count from 0");
        }
        requireName(name);
        if (description != null && description.isBlank()) {
            description = null;
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidQuoteException("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (validUntil == null) {
            throw new InvalidQuoteException("validUntil", "is required");
        }
        discount = requireDiscount(currency, discount);
        lines = List.copyOf(lines);
        if (lines.size() > MAX_LINES) {
            throw new InvalidQuoteException("lines", "a quote has at most " + MAX_LINES + " lines");
        }
        Set<UUID> ids = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        for (QuoteLine line : lines) {
            if (!line.pricePerUnit().currency().equals(currency)) {
                throw new IllegalArgumentException("every line of a quote is in the quote's currency");
            }
            if (!ids.add(line.id()) || !numbers.add(line.lineNumber())) {
                throw new IllegalArgumentException("line ids and line numbers are unique within a quote");
            }
        }
        if ((statusReason.status() == QuoteStatus.WON) != (orderId != null)) {
            throw new IllegalArgumentException("a won quote, and only a won quote, has an order id");
        }
    }

    /** What the seller gives when writing a quote (and may change while it is a draft). */
    public record Details(String name, String description, LocalDate validUntil, Money discount) {
    }

    /** A new draft (revision 0, version 1, no lines) for an opportunity, in the opportunity's currency. */
    public static Quote draft(UUID id, UUID opportunityId, UUID priceListId, Currency currency, Details details,
                              String actor, Instant now) {
        requireNotPast(details.validUntil(), now);
        return new Quote(id, opportunityId, 0, null, details.name(), details.description(), priceListId, currency,
                details.validUntil(), QuoteStatusReason.IN_PROGRESS, details.discount(), List.of(), null, 1, now, actor,
                now);
    }

    public QuoteStatus status() {
        return statusReason.status();
    }

    /** Recomputed from the lines and the discount, never stored apart from them. */
    public QuoteTotals totals() {
        return QuoteTotals.of(currency, lines, discount);
    }

    public Optional<QuoteLine> line(UUID lineId) {
        return lines.stream().filter(line -> line.id().equals(lineId)).findFirst();
    }

    /** The number a line added now gets: after the last one. */
    public int nextLineNumber() {
        return lines.stream().mapToInt(QuoteLine::lineNumber).max().orElse(0) + 1;
    }

    /** New name, description, validity and discount (a draft only). A changed validity may not lie in the past. */
    public Quote withDetails(Details details, Instant now) {
        requireEditable("change");
        if (!Objects.equals(details.validUntil(), validUntil)) {
            requireNotPast(details.validUntil(), now);
        }
        return next(details.name(), details.description(), details.validUntil(), statusReason, details.discount(),
                lines, orderId, now);
    }

    /** Adds a line (a draft only); the totals follow. */
    public Quote withLine(QuoteLine line, Instant now) {
        requireEditable("add a line to");
        if (lines.size() >= MAX_LINES) {
            throw new InvalidQuoteException("lines", "a quote has at most " + MAX_LINES + " lines");
        }
        List<QuoteLine> changed = new ArrayList<>(lines);
        changed.add(line);
        return next(name, description, validUntil, statusReason, discount, changed, orderId, now);
    }

    /** Replaces the line with the same id, e.g. re-priced for a new quantity (a draft only). */
    public Quote withChangedLine(QuoteLine line, Instant now) {
        requireEditable("change a line of");
        List<QuoteLine> changed = new ArrayList<>(lines);
        int index = indexOf(line.id());
        if (changed.get(index).lineNumber() != line.lineNumber()) {
            throw new IllegalArgumentException("a changed line keeps its number");
        }
        changed.set(index, line);
        return next(name, description, validUntil, statusReason, discount, changed, orderId, now);
    }

    /** Removes a line (a draft only). */
    public Quote withoutLine(UUID lineId, Instant now) {
        requireEditable("remove a line from");
        List<QuoteLine> changed = new ArrayList<>(lines);
        changed.remove(indexOf(lineId));
        return next(name, description, validUntil, statusReason, discount, changed, orderId, now);
    }

    /**
     * Offers the draft to the customer: from now on it is read-only, its prices frozen. It needs at
     * least one line and a total that is not negative (a quote discount larger than its lines).
     */
    public Quote activate(Instant now) {
        requireTransition(QuoteStatusReason.OPEN, "activate");
        if (lines.isEmpty()) {
            throw new IllegalQuoteStateException(status(), "a quote needs at least one line to be activated");
        }
        if (totals().totalAmount().isNegative()) {
            throw new IllegalQuoteStateException(status(), "the quote discount " + discount.amountString()
                    + " exceeds the lines' total " + totals().detailAmount().amountString() + "; lower it to activate");
        }
        return next(name, description, validUntil, QuoteStatusReason.OPEN, discount, lines, orderId, now);
    }

    /** The customer accepted the offer: WON, with the id of the order it becomes. */
    public Quote accept(UUID newOrderId, Instant now) {
        Objects.requireNonNull(newOrderId, "orderId");
        requireTransition(QuoteStatusReason.WON, "accept");
        return next(name, description, validUntil, QuoteStatusReason.WON, discount, lines, newOrderId, now);
    }

    /** Closes the quote without its being accepted, for {@code reason} (a CLOSED reason). */
    public Quote close(QuoteStatusReason reason, Instant now) {
        if (reason.status() != QuoteStatus.CLOSED) {
            throw new IllegalArgumentException(reason + " is not a reason to close a quote");
        }
        requireTransition(reason, "close");
        return next(name, description, validUntil, reason, discount, lines, orderId, now);
    }

    /** The revised (closed) quote and the draft that replaces it. */
    public record Revision(Quote revised, Quote draft) {
    }

    /**
     * Revises an active quote: it is closed as REVISED, and a new draft takes its place with the next
     * revision number, the same name, price list, validity, description, discount and copies of its
     * lines (same prices, new ids), to be changed and activated again.
     */
    public Revision revise(UUID draftId, Supplier<UUID> lineIds, String actor, Instant now) {
        Quote revised = close(QuoteStatusReason.REVISED, now);
        List<QuoteLine> copies = lines.stream().map(line -> line.withId(lineIds.get())).toList();
        Quote draft = new Quote(draftId, opportunityId, revision + 1, id, name, description, priceListId, currency,
                validUntil, QuoteStatusReason.IN_PROGRESS, discount, copies, null, 1, now, actor, now);
        return new Revision(revised, draft);
    }

    private Quote next(String newName, String newDescription, LocalDate newValidUntil, QuoteStatusReason newReason,
                       Money newDiscount, List<QuoteLine> newLines, UUID newOrderId, Instant now) {
        return new Quote(id, opportunityId, revision, revisedFromId, newName, newDescription, priceListId, currency,
                newValidUntil, newReason, newDiscount, newLines, newOrderId, version + 1, createdAt, createdBy, now);
    }

    /**
     * @throws IllegalQuoteStateException unless the quote is a draft (checked before a line is priced,
     *                                     so that an offered quote answers "read-only" whatever the line)
     */
    public void requireEditable(String action) {
        if (!status().isEditable()) {
            throw new IllegalQuoteStateException(status(), "cannot " + action + " a quote that is " + status()
                    + ": only a draft changes (revise an active quote to change it)");
        }
    }

    private void requireTransition(QuoteStatusReason to, String action) {
        if (!QuoteStatusTransitions.allows(status(), to)) {
            throw new IllegalQuoteStateException(status(), "cannot " + action + " a quote that is " + status()
                    + (to.status() == QuoteStatus.CLOSED ? " (as " + to + ")" : ""));
        }
    }

    private int indexOf(UUID lineId) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).id().equals(lineId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("quote " + id + " has no line " + lineId);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidQuoteException("name", "a quote needs a name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidQuoteException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    private static Money requireDiscount(Currency currency, Money discount) {
        if (discount == null) {
            return Money.zero(currency);
        }
        if (!discount.currency().equals(currency)) {
            throw new QuoteCurrencyException("discount.currency", currency, discount.currency());
        }
        if (discount.isNegative()) {
            throw new InvalidQuoteException("discount", "must not be negative");
        }
        return discount;
    }

    private static void requireNotPast(LocalDate validUntil, Instant now) {
        if (validUntil != null && validUntil.isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            throw new InvalidQuoteException("validUntil", "must not be in the past");
        }
    }
}
