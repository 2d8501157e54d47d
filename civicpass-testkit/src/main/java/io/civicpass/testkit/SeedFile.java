package io.civicpass.testkit;

import static io.civicpass.testkit.JsonWriter.mapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The standalone server's {@code --seed FILE}: passes and PII requests to plant at start, in the
 * admin API's format, {@code {"passes": [...], "pii": [...]}}, each element what
 * {@code POST /__admin/passes} and {@code POST /__admin/pii} take. The whole file is checked
 * before anything is planted.
 */
final class SeedFile {

    private SeedFile() {
    }

    /**
     * Plants a seed file's passes and PII requests in a fake that serves the admin API.
     *
     * @param fake the fake
     * @param file the file
     * @return what was planted, for the server to print
     * @throws IllegalArgumentException naming the file and the field at fault
     */
    static String plant(FakeCivic fake, Path file) {
        AdminDesk desk = fake.adminDesk();
        if (desk == null) {
            throw new IllegalStateException("a seed file needs a fake that serves the admin API");
        }
        JsonNode seed;
        try {
            seed = mapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException malformed) {
            throw new IllegalArgumentException("seed file " + file + ": not valid JSON: "
                    + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("seed file " + file + " cannot be read: " + unreadable);
        }
        try {
            if (seed == null || !seed.isObject()) {
                throw AdminJson.bad("", "must be a JSON object with passes and pii arrays");
            }
            AdminJson.onlyFields(seed, "", Set.of("passes", "pii"));
            JsonNode passes = seed.path("passes");
            JsonNode pii = seed.path("pii");
            for (String name : List.of("passes", "pii")) {
                if (seed.has(name) && !seed.get(name).isArray()) {
                    throw AdminJson.bad(name, "must be an array");
                }
            }
            List<LedgerBackdoor.PlannedPass> plannedPasses = passes.isArray() ? desk.planPasses(passes, "passes")
                    : List.of();
            List<PiiSeed> plannedPii = pii.isArray() ? desk.planPii(pii, "pii") : List.of();
            if (!plannedPasses.isEmpty()) {
                desk.planted(plannedPasses, 201);
            }
            if (!plannedPii.isEmpty()) {
                desk.piiPlanted(plannedPii, 201);
            }
            return plannedPasses.size() + " passes and " + plannedPii.size() + " PII requests";
        } catch (ApiError refused) {
            throw new IllegalArgumentException("seed file " + file + ": " + refused.getMessage());
        }
    }
}
