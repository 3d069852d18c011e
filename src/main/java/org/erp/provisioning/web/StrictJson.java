package org.erp.provisioning.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies are one JSON value, each key once. By default Jackson reads the first value and ignores what
 * follows it ({@code {...}xyz} or two objects in a row), and lets the last of two equal keys win: a client's
 * mistake would be written as if it were meant. Both are {@code malformed-request} instead.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY); // bodies are read as trees
    }
}
