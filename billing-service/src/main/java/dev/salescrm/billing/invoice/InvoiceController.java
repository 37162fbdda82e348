package dev.salescrm.billing.invoice;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.billing.invoice.domain.Invoice;
import dev.salescrm.billing.invoice.domain.InvoiceStatus;
import dev.salescrm.billing.invoice.domain.Payment;
import dev.salescrm.billing.order.DocumentResponses;
import dev.salescrm.billing.order.DocumentResponses.LineResponse;
import dev.salescrm.billing.order.DocumentResponses.TotalsResponse;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * The invoice API (API.md, "billing-service"): a fulfilled order is invoiced at
 * {@code POST /api/orders/{id}/invoice}; invoices are read, paid and canceled under
 * {@code /api/invoices}. Payments are part of their invoice, not resources of their own: recording
 * one answers with the invoice. Money is {@code {"amount": "<decimal string>", "currency": "…"}}.
 */
@RestController
class InvoiceController {

    private final Invoicing invoicing;
    private final InvoiceService invoices;
    private final InvoiceLifecycle lifecycle;

    InvoiceController(Invoicing invoicing, InvoiceService invoices, InvoiceLifecycle lifecycle) {
        this.invoicing = invoicing;
        this.invoices = invoices;
        this.lifecycle = lifecycle;
    }

    /**
     * {@code paymentTermsDays} (a whole number, 0 … 365) sets the due date; 30 when absent. The body
     * may be left out. Read as it was sent: 1.5 days is refused, not truncated to 1.
     */
    record InvoiceRequest(JsonNode paymentTermsDays) {

        int terms() {
            if (paymentTermsDays == null || paymentTermsDays.isNull()) {
                return Invoice.DEFAULT_PAYMENT_TERMS_DAYS;
            }
            if (!paymentTermsDays.isIntegralNumber() || !paymentTermsDays.canConvertToInt()) {
                throw new InvalidRequestException("paymentTermsDays", "must be a whole number of days, 0 to "
                        + Invoice.MAX_PAYMENT_TERMS_DAYS);
            }
            return paymentTermsDays.intValue();
        }
    }

    /**
     * A payment. {@code amount} is read here rather than as the platform's {@code Money}, which
     * rounds: an amount with more decimals than its currency has is refused, never rounded.
     */
    record PaymentRequest(MoneyInput amount, Instant paidAt, String reference) {
    }

    record MoneyInput(JsonNode amount, JsonNode currency) {
    }

    record CancelRequest(@NotBlank @Size(max = Invoice.MAX_REASON_LENGTH) String reason) {
    }

    record PaymentResponse(UUID id, Money amount, Instant paidAt, String reference, Instant recordedAt,
                           String recordedBy) {

        static PaymentResponse of(Payment p) {
            return new PaymentResponse(p.id(), p.amount(), p.paidAt(), p.reference(), p.recordedAt(), p.recordedBy());
        }
    }

    record InvoiceResponse(UUID id, String number, InvoiceStatus status, UUID orderId, String orderNumber,
                           UUID accountId, String ownerId, String currency, List<LineResponse> lines,
                           TotalsResponse totals, Money amountPaid, Money balance, List<PaymentResponse> payments,
                           Instant issuedAt, LocalDate dueDate, int paymentTermsDays, Instant paidAt,
                           String cancelReason, Instant canceledAt, long version, String issuedBy, Instant updatedAt) {

        static InvoiceResponse of(Invoice i) {
            return new InvoiceResponse(i.id(), i.number().toString(), i.status(), i.orderId(), i.orderNumber(),
                    i.accountId(), i.ownerId(), i.currency().getCurrencyCode(), DocumentResponses.lines(i.lines()),
                    TotalsResponse.of(i.totals()), i.amountPaid(), i.balance(),
                    i.payments().stream().map(PaymentResponse::of).toList(), i.issuedAt(), i.dueDate(),
                    i.paymentTermsDays(), i.paidAt(), i.cancelReason(), i.canceledAt(), i.version(), i.issuedBy(),
                    i.updatedAt());
        }
    }

    /**
     * Invoices a FULFILLED order: 201 with the invoice, ISSUED, numbered {@code INV-<year>-<n>}.
     * {@code If-Match} is the order's ETag. A second invoice of an order is a 409 (it is INVOICED).
     */
    @PostMapping("/api/orders/{id}/invoice")
    Mono<ResponseEntity<InvoiceResponse>> invoice(@PathVariable UUID id,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @RequestBody(required = false) InvoiceRequest request) {
        int terms = request == null ? Invoice.DEFAULT_PAYMENT_TERMS_DAYS : request.terms();
        return CurrentUser.required()
                .flatMap(caller -> invoicing.invoice(id, ifMatch, terms, caller))
                .map(invoice -> ResponseEntity.created(URI.create("/api/invoices/" + invoice.id()))
                        .eTag(ETags.of(invoice.version())).body(InvoiceResponse.of(invoice)));
    }

    @GetMapping("/api/invoices/{id}")
    Mono<ResponseEntity<InvoiceResponse>> get(@PathVariable UUID id) {
        return CurrentUser.required().flatMap(caller -> invoices.get(id, caller)).map(InvoiceController::ok);
    }

    /**
     * Newest first; a sales rep sees only the invoices of their own deals. {@code from} and {@code to}
     * are UTC days of issue, both included.
     */
    @GetMapping("/api/invoices")
    Mono<Page<InvoiceResponse>> list(@RequestParam(required = false) InvoiceStatus status,
                                     @RequestParam(required = false) UUID accountId,
                                     @RequestParam(required = false) UUID orderId,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                     PageRequest page) {
        if (from != null && to != null && to.isBefore(from)) {
            return Mono.error(new InvalidRequestException("to", "must not be before from"));
        }
        InvoiceFilter filter = new InvoiceFilter(status, accountId, orderId, from, to);
        return CurrentUser.required()
                .flatMap(caller -> invoices.list(filter, page, caller))
                .map(result -> result.map(InvoiceResponse::of));
    }

    /**
     * Records a payment {@code {amount, paidAt?, reference?}}: 201 with the invoice, its
     * {@code amountPaid} and {@code balance}; PAID once the payments cover the total. An amount in
     * another currency or not above zero is a 400, more than the balance a 409 — nothing recorded.
     */
    @PostMapping("/api/invoices/{id}/payments")
    Mono<ResponseEntity<InvoiceResponse>> pay(@PathVariable UUID id,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody PaymentRequest request) {
        Money amount = amount(request.amount());
        if (request.reference() != null && request.reference().length() > Payment.MAX_REFERENCE_LENGTH) {
            throw new InvalidRequestException("reference", "must be at most " + Payment.MAX_REFERENCE_LENGTH + " characters");
        }
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.pay(id, ifMatch, amount, request.paidAt(), request.reference(), caller))
                .map(invoice -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/api/invoices/" + invoice.id()))
                        .eTag(ETags.of(invoice.version())).body(InvoiceResponse.of(invoice)));
    }

    /** ISSUED → CANCELED with {@code {reason}}, only while no payment is recorded; the order stays INVOICED. */
    @PostMapping("/api/invoices/{id}/cancel")
    Mono<ResponseEntity<InvoiceResponse>> cancel(@PathVariable UUID id,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @Valid @RequestBody CancelRequest request) {
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.cancel(id, ifMatch, request.reason(), caller))
                .map(InvoiceController::ok);
    }

    private static ResponseEntity<InvoiceResponse> ok(Invoice invoice) {
        return ResponseEntity.ok().eTag(ETags.of(invoice.version())).body(InvoiceResponse.of(invoice));
    }

    /**
     * {@code {"amount": "<decimal string>", "currency": "<ISO 4217>"}} with no more decimals than the
     * currency has (JPY none, IRR and USD two, KWD three): exact, or a 400 naming the member.
     */
    private static Money amount(MoneyInput input) {
        if (input == null) {
            throw new InvalidRequestException("amount", "is required: {\"amount\": \"<decimal string>\", \"currency\": \"<ISO 4217>\"}");
        }
        JsonNode amount = input.amount();
        JsonNode code = input.currency();
        if (amount == null || !amount.isString()) {
            throw new InvalidRequestException("amount.amount", "must be a decimal string such as \"1250.00\"");
        }
        if (code == null || !code.isString()) {
            throw new InvalidRequestException("amount.currency", "must be an ISO 4217 code such as \"IRR\"");
        }
        BigDecimal value;
        try {
            value = Money.parseAmount(amount.asString());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("amount.amount", e.getMessage());
        }
        Currency currency;
        try {
            currency = Money.currency(code.asString());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("amount.currency", e.getMessage());
        }
        if (value.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw new InvalidRequestException("amount.amount", "has more decimals than " + currency.getCurrencyCode()
                    + " has minor units (" + currency.getDefaultFractionDigits() + "); it is not rounded");
        }
        return new Money(value, currency);
    }
}
