package dev.salescrm.platform.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchNormalizerTest {

    @Test
    void arabicYehAndKafBecomePersian() {
        assertThat(SearchNormalizer.text("علي رضايي")).isEqualTo("علی رضایی");
        assertThat(SearchNormalizer.text("كريمي")).isEqualTo("کریمی");
        assertThat(SearchNormalizer.text("موسى")).isEqualTo("موسی");          // alef maksura
        assertThat(SearchNormalizer.text("ڪاظم")).isEqualTo("کاظم");          // swash kaf
        // already Persian: unchanged
        assertThat(SearchNormalizer.text("علی رضایی")).isEqualTo("علی رضایی");
    }

    @Test
    void tehMarbutaAndHehWithYehBecomeHeh() {
        assertThat(SearchNormalizer.text("فاطمة")).isEqualTo("فاطمه");
        assertThat(SearchNormalizer.text("خانۀ")).isEqualTo("خانه");
        // NFC-decomposed heh + hamza above (how some keyboards type ۀ) ends the same
        assertThat(SearchNormalizer.text("خانه\u0654")).isEqualTo("خانه");
    }

    @Test
    void hamzaFormsAndAlefMaddaAreKept() {
        assertThat(SearchNormalizer.text("آرش")).isEqualTo("آرش");
        assertThat(SearchNormalizer.text("مسئول")).isEqualTo("مسئول");
        assertThat(SearchNormalizer.text("مؤسسه")).isEqualTo("مؤسسه");
        assertThat(SearchNormalizer.text("أحمد")).isEqualTo("أحمد");
    }

    @Test
    void tatweelDiacriticsAndJoinersAreRemoved() {
        assertThat(SearchNormalizer.text("علـــی")).isEqualTo("علی");
        assertThat(SearchNormalizer.text("مُحَمَّد")).isEqualTo("محمد");
        assertThat(SearchNormalizer.text("كِتَابٌ")).isEqualTo("کتاب");
        assertThat(SearchNormalizer.text("رحمٰن")).isEqualTo("رحمن");       // superscript alef
        assertThat(SearchNormalizer.text("می\u200Cروم")).isEqualTo("میروم");  // ZWNJ
        assertThat(SearchNormalizer.text("می\u200Dروم")).isEqualTo("میروم");  // ZWJ
        assertThat(SearchNormalizer.text("\u200Fعلی\u200E")).isEqualTo("علی"); // RLM, LRM
        assertThat(SearchNormalizer.text("\uFEFFali")).isEqualTo("ali");        // BOM
        assertThat(SearchNormalizer.text("co\u00ADoperate")).isEqualTo("cooperate"); // soft hyphen
    }

    @Test
    void presentationFormsAreUnfoldedByNfkc() {
        // ﻋﻠﻲ in Arabic presentation forms (as copied out of some PDFs)
        assertThat(SearchNormalizer.text("\uFECB\uFEE0\uFEF2")).isEqualTo("علی");
        assertThat(SearchNormalizer.text("ﻛﺮﻳﻤﻲ")).isEqualTo("کریمی");
    }

    @ParameterizedTest
    @CsvSource({
            "۰۱۲۳۴۵۶۷۸۹, 0123456789",
            "٠١٢٣٤٥٦٧٨٩, 0123456789",
            "پلاک ۱۲, پلاک 12",
            "خیابان ٤٥, خیابان 45",
            "ＡＣＭＥ１２, acme12",
    })
    void digitsOfEveryScriptBecomeAscii(String input, String expected) {
        assertThat(SearchNormalizer.text(input)).isEqualTo(expected);
    }

    @Test
    void latinIsCaseFolded() {
        assertThat(SearchNormalizer.text("ACME Trading GmbH")).isEqualTo("acme trading gmbh");
        assertThat(SearchNormalizer.text("Straße")).isEqualTo(SearchNormalizer.text("STRASSE"));
        assertThat(SearchNormalizer.text("ﬁne")).isEqualTo("fine");                // ligature, NFKC
        assertThat(SearchNormalizer.text("José")).isEqualTo("josé");              // Latin accents kept
    }

    @Test
    void whitespaceIsCollapsedAndTrimmed() {
        assertThat(SearchNormalizer.text("  علی \t\n  رضایی  ")).isEqualTo("علی رضایی");
        assertThat(SearchNormalizer.text("a\u00A0\u2003b")).isEqualTo("a b");    // NBSP, em space
        assertThat(SearchNormalizer.text("   ")).isNull();
        assertThat(SearchNormalizer.text("\u200C\u0640")).isNull();
        assertThat(SearchNormalizer.text(null)).isNull();
    }

    @Test
    void mixedScriptsKeepTheirOrder() {
        assertThat(SearchNormalizer.text("شركة ACME للتجارة")).isEqualTo("شرکه acme للتجاره");
        assertThat(SearchNormalizer.text("CRM برای تيم فروش ۲")).isEqualTo("crm برای تیم فروش 2");
        assertThat(SearchNormalizer.joined("علي", null, " ", "Rezaei ")).isEqualTo("علی rezaei");
        assertThat(SearchNormalizer.joined(null, "")).isNull();
    }

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(SearchNormalizer.email("  Ali.Rezaei@Example.IR ")).isEqualTo("ali.rezaei@example.ir");
        assertThat(SearchNormalizer.email("ＡＬＩ@example.ir")).isEqualTo("ali@example.ir");
        assertThat(SearchNormalizer.email(" ")).isNull();
        assertThat(SearchNormalizer.email(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+98 912 123 4567      | 989121234567",
            "+989121234567         | 989121234567",
            "0098 912 123 4567     | 989121234567",
            "0912 123 4567         | 989121234567",
            "0912-123-4567         | 989121234567",
            "(0912) 123 45 67      | 989121234567",
            "۰۹۱۲۱۲۳۴۵۶۷           | 989121234567",
            "٠٩١٢١٢٣٤٥٦٧           | 989121234567",
            "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷      | 989121234567",
            "98 912 123 4567       | 989121234567",
            "912 123 4567          | 989121234567",
            "021 8888 7777         | 982188887777",
            "+49 30 1234567        | 49301234567",
            "0049 30 1234567       | 49301234567",
            "＋98 912 123 4567      | 989121234567",
    })
    void phoneNumbersFoldTheCountryPrefix(String input, String expected) {
        assertThat(PhoneNormalizer.IRAN.normalize(input)).isEqualTo(expected);
    }

    @Test
    void phoneWithoutDigitsIsNull() {
        assertThat(PhoneNormalizer.IRAN.normalize("n/a")).isNull();
        assertThat(PhoneNormalizer.IRAN.normalize(null)).isNull();
        assertThat(PhoneNormalizer.IRAN.normalize("00")).isNull();
    }

    @Test
    void theDefaultCountryIsConfigurable() {
        PhoneNormalizer germany = new PhoneNormalizer("49", 11);
        assertThat(germany.normalize("030 1234567")).isEqualTo("49301234567");
        assertThat(germany.normalize("+98 912 123 4567")).isEqualTo("989121234567");
        assertThatThrownBy(() -> new PhoneNormalizer("+98", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void searchFormsOfPhoneQueries() {
        assertThat(PhoneNormalizer.IRAN.searchForm("۰۹۱۲۱۲۳۴۵۶۷")).isEqualTo("989121234567");
        assertThat(PhoneNormalizer.IRAN.searchForm("+98 912")).isEqualTo("98912");
        assertThat(PhoneNormalizer.IRAN.searchForm("123 4567")).isEqualTo("1234567");  // a part: as written
        assertThat(PhoneNormalizer.IRAN.searchForm("12")).isNull();                      // too short
        assertThat(PhoneNormalizer.IRAN.searchForm("acme 2")).isNull();                  // not a phone
    }
}
