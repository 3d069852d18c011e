package org.erp.provisioning.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A body is one JSON value with each key once; Jackson's defaults would read past both mistakes. */
class StrictJsonTest {

    private ObjectMapper mapper;

    @BeforeEach
    void strict() {
        mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
    }

    @Test
    void oneObjectIsRead() throws Exception {
        assertEquals("Acme", mapper.readTree("{\"name\":\"Acme\"} \n").path("name").asText());
    }

    @Test
    void whatFollowsTheValueIsRefused() {
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("{\"name\":\"Acme\"}xyz"));
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("{\"name\":\"Acme\"}{\"name\":\"Other\"}"));
    }

    @Test
    void aKeyTwiceIsRefused() {
        assertThrows(JsonProcessingException.class, () -> mapper.readTree("{\"name\":\"Acme\",\"name\":\"Other\"}"));
    }

    @Test
    void withoutItJacksonWouldReadPastBoth() throws Exception {
        ObjectMapper lenient = new ObjectMapper();
        assertEquals("Other", lenient.readTree("{\"name\":\"Acme\",\"name\":\"Other\"}").path("name").asText());
        assertEquals("Acme", lenient.readTree("{\"name\":\"Acme\"}xyz").path("name").asText());
    }
}
