package io.rapport.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import io.rapport.kafka.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogValidatorTest {
    private final CatalogValidator validator = new CatalogValidator(Limits.DEFAULTS);

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void readsOneRecordOrAnArray() throws Exception {
        assertThat(validator.records(json("{'itemId':'i-1','name':'Whole milk','category':'dairy','price':1.1,"
                        + "'inStock':true,'extra':1}")))
                .containsExactly(new CatalogItem("i-1", "Whole milk", "dairy", 1.1, true));
        assertThat(validator.records(json("[{'itemId':'a','name':'A','category':'c','price':0,'inStock':false},"
                        + "{'itemId':'b','name':'B','category':'c','price':2,'inStock':true}]")))
                .extracting(CatalogItem::itemId)
                .containsExactly("a", "b");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'..','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':' ','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'a\\u2029b','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'\\uffff','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'\\ufdd0','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'\\u3000','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'a','category':'c','price':1,'inStock':true}|name",
                "{'itemId':'a','name':'A\\ud800','category':'c','price':1,'inStock':true}|name",
                "{'itemId':'a\\udc00','name':'A','category':'c','price':1,'inStock':true}|itemId",
                "{'itemId':'a','name':'A','category':7,'price':1,'inStock':true}|category",
                "{'itemId':'a','name':'A','category':'c','price':-1,'inStock':true}|price",
                "{'itemId':'a','name':'A','category':'c','price':'1','inStock':true}|price",
                "{'itemId':'a','name':'A','category':'c','price':2000000,'inStock':true}|price",
                "{'itemId':'a','name':'A','category':'c','inStock':true}|price",
                "{'itemId':'a','name':'A','category':'c','price':1,'inStock':'yes'}|inStock",
                "{'itemId':'a','name':'A','category':'c','price':1}|inStock",
                "[]|items",
                "7|items",
            })
    void refusesNamingTheField(String body, String field) {
        assertThatThrownBy(() -> validator.records(json(body)))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((InvalidEventException) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void aPriceAboveTheEventsLimit_isRefusedAsAnEventsIs() throws Exception {
        assertThatThrownBy(() -> validator.records(
                        json("{'itemId':'a','name':'A','category':'c','price':1000000.01,'inStock':true}")))
                .hasMessage("price: must be at most 1000000 (the price limit)");
        assertThat(validator.records(json("{'itemId':'a','name':'A','category':'c','price':1000000,'inStock':true}")))
                .singleElement()
                .satisfies(item -> assertThat(item.price()).isEqualTo(1_000_000.0));
    }

    @Test
    void namesTheIndexInAnArray() {
        assertThatThrownBy(() ->
                        validator.records(json("[{'itemId':'a','name':'A','category':'c','price':1,'inStock':true},"
                                + "{'itemId':'b','name':'B','category':'c','price':1e999,'inStock':true}]")))
                .hasMessageStartingWith("items[1].price: ");
    }

    @Test
    void refusesMoreThanTheMaximumAsTooLarge() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i <= CatalogValidator.MAX_ITEMS; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{'itemId':'i")
                    .append(i)
                    .append("','name':'n','category':'c','price':1,'inStock':true}");
        }
        assertThatThrownBy(() -> validator.records(json(body + "]")))
                .satisfies(
                        e -> assertThat(((InvalidEventException) e).tooLarge()).isTrue());
    }
}
