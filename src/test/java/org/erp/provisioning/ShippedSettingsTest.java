package org.erp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests run what ships. Database and HTTP settings (the pool, its timeouts, the deadline, pipelining, TLS, the
 * HTTP limits, {@code quarkus.datasource.*}, {@code erp.db.*}, {@code erp.http.*}, {@code quarkus.http.*}) are the ones in {@code application.properties} for every test, unless a test is a test of a setting:
 * then its profile or resource implements {@code support/SettingUnderTest}, which names the setting. Only where the
 * database is and who logs in (a test database's URL and login) and the frontend's CORS origins, which ship with no
 * value, are every test's own.
 */
class ShippedSettingsTest {

    private static final Pattern SETTING = Pattern.compile("(quarkus\\.datasource\\.|erp\\.db\\.|erp\\.http\\.|quarkus\\.http\\.)[a-z0-9.\"-]*");
    private static final Pattern TESTS_A_SETTING = Pattern.compile("implements [^{]*\\bSettingUnderTest\\b");
    private static final Set<String> DEPLOYMENT_GIVEN = Set.of("quarkus.datasource.reactive.url",
            "quarkus.datasource.username", "quarkus.datasource.password", "quarkus.http.port", "quarkus.http.cors.origins");

    @Test
    void theTestProfileChangesNoDatabaseOrHttpSetting() throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            shipped.load(in);
        }
        Set<String> changed = new TreeSet<>();
        for (String key : shipped.stringPropertyNames()) {
            if (key.startsWith("%test.") && SETTING.matcher(key.substring("%test.".length())).lookingAt()) {
                changed.add(key);
            }
        }
        assertEquals(Set.of(), changed, "application.properties changes these for every test: the tests would not run what ships");
    }

    @Test
    void onlyTestsOfASettingChangeIt() throws IOException {
        Set<String> unsaid = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                if (TESTS_A_SETTING.matcher(text).find() || source.endsWith("ShippedSettingsTest.java")) {
                    continue;
                }
                for (String key : settingsNamed(text)) {
                    if (!DEPLOYMENT_GIVEN.contains(key)) {
                        unsaid.add(source.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertEquals(Set.of(), unsaid, "changed without being a test of the setting (support/SettingUnderTest)");
    }

    /** The settings a source names in string literals ("erp.db.deadline") or as system properties (-Derp.db.deadline=). */
    private static List<String> settingsNamed(String text) {
        Matcher literal = Pattern.compile("[\"D]((?:quarkus\\.datasource\\.|erp\\.db\\.|erp\\.http\\.|quarkus\\.http\\.)[a-z0-9.-]*)[\"=]")
                .matcher(text);
        return literal.results().map(match -> match.group(1)).distinct().toList();
    }
}
