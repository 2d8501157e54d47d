package io.civicpass;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.civicpass.CivicJson.WireFormatException;
import io.civicpass.model.Chain;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.EventType;
import io.civicpass.model.Pass;
import io.civicpass.model.PassEvent;
import io.civicpass.model.PassState;
import io.civicpass.model.Transaction;
import io.civicpass.model.TransactionStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads passes ({@code PassResponse}, alone or as a list's {@code records}) straight from
 * Jackson's token stream, the hottest read of the client: no JSON tree is built. Two steps, so
 * that a body fails exactly as a tree-based read would: the whole body is first read into raw
 * fields (only malformed JSON or trailing content fails here), then the fields are checked in
 * the order the contract lists them. Unknown fields are skipped; a repeated field keeps its
 * last value.
 */
final class PassReader {

    /** Seconds beyond this are milliseconds sent where seconds are due (it is the year 5138). */
    private static final Instant LATEST_PLAUSIBLE = Instant.ofEpochSecond(100_000_000_000L);

    /** A field that is present but not text (a number, a boolean, an object or an array). */
    private static final Object NOT_TEXT = new Object();

    private PassReader() {
    }

    static Pass readPass(byte[] body) {
        return read(body, false).pass.toPass();
    }

    static List<Pass> readPassList(byte[] body) {
        Root root = read(body, true);
        if (!root.recordsPresent) {
            throw new WireFormatException("required field 'records' is missing");
        }
        if (root.records == null) {
            throw new WireFormatException("'records' is not an array");
        }
        List<Pass> passes = new ArrayList<>(root.records.size());
        for (RawPass record : root.records) {
            passes.add(record.toPass());
        }
        return passes;
    }

    // ---------------------------------------------------------------- step 1: raw fields

    /** What the body held: the pass itself, or a list response's records. */
    private static final class Root {
        RawPass pass;
        boolean recordsPresent;
        List<RawPass> records; // null when 'records' is present but not an array
    }

    private static Root read(byte[] body, boolean list) {
        if (body == null || body.length == 0) {
            throw new WireFormatException("the body is empty");
        }
        try (JsonParser parser = CivicJson.parser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new WireFormatException("the body is empty");
            }
            Root root = new Root();
            if (list) {
                readListRoot(parser, root);
            } else {
                root.pass = readPass(parser);
            }
            if (parser.nextToken() != null) {
                throw new WireFormatException("the body is not valid JSON"); // content after the value
            }
            return root;
        } catch (JsonProcessingException malformed) {
            throw new WireFormatException("the body is not valid JSON"); // parser detail may quote content
        } catch (IOException unreadable) {
            throw new WireFormatException("the body could not be read");
        }
    }

    private static void readListRoot(JsonParser parser, Root root) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!"records".equals(field)) {
                parser.skipChildren();
            } else if (value == JsonToken.VALUE_NULL) {
                root.recordsPresent = false;
                root.records = null;
            } else if (value == JsonToken.START_ARRAY) {
                root.recordsPresent = true;
                root.records = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    root.records.add(readPass(parser));
                }
            } else {
                root.recordsPresent = true;
                root.records = null;
                parser.skipChildren();
            }
        }
    }

    /** The raw fields of a pass; the parser is on the value's first token and is left on its last. */
    private static final class RawPass {
        boolean isObject;
        Object id;
        boolean chainPresent;
        Object chainType;
        Object chainNetwork;
        Object gatekeeperNetwork;
        Object walletAddress;
        Object state;
        Object onChainState;
        boolean eventsPresent;
        List<RawEvent> events; // null when 'events' is present but not an array

        Pass toPass() {
            if (!isObject) {
                throw new WireFormatException("a pass must be a JSON object");
            }
            if (!chainPresent) {
                throw missing("chain");
            }
            if (!eventsPresent) {
                throw missing("events");
            }
            if (events == null) {
                throw new WireFormatException("'events' is not an array");
            }
            List<PassEvent> passEvents = new ArrayList<>(events.size());
            for (RawEvent event : events) {
                passEvents.add(event.toEvent());
            }
            String passId = text(id, "id");
            Chain chain = Chain.of(text(chainType, "type"));
            ChainNetwork network = ChainNetwork.of(text(chainNetwork, "network"));
            String gatekeeper = text(gatekeeperNetwork, "gatekeeperNetwork");
            String wallet = text(walletAddress, "walletAddress");
            PassState passState = PassState.of(text(state, "state"));
            // A pending pass may come without its on-chain state: unknown, not a decoding failure.
            PassState onChain = onChainState instanceof String ? PassState.of((String) onChainState) : null;
            return new Pass(passId, chain, network, gatekeeper, wallet, passState, onChain, passEvents);
        }
    }

    private static RawPass readPass(JsonParser parser) throws IOException {
        RawPass pass = new RawPass();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return pass;
        }
        pass.isObject = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "id" -> pass.id = textOf(parser, value);
                case "gatekeeperNetwork" -> pass.gatekeeperNetwork = textOf(parser, value);
                case "walletAddress" -> pass.walletAddress = textOf(parser, value);
                case "state" -> pass.state = textOf(parser, value);
                case "onChainState" -> pass.onChainState = textOf(parser, value);
                case "chain" -> readChain(parser, value, pass);
                case "events" -> readEvents(parser, value, pass);
                default -> parser.skipChildren();
            }
        }
        return pass;
    }

    private static void readChain(JsonParser parser, JsonToken value, RawPass pass) throws IOException {
        pass.chainPresent = value != JsonToken.VALUE_NULL;
        pass.chainType = null;
        pass.chainNetwork = null;
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren(); // a chain that is not an object has no type
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            switch (field) {
                case "type" -> pass.chainType = textOf(parser, fieldValue);
                case "network" -> pass.chainNetwork = textOf(parser, fieldValue);
                default -> parser.skipChildren();
            }
        }
    }

    private static void readEvents(JsonParser parser, JsonToken value, RawPass pass) throws IOException {
        pass.eventsPresent = value != JsonToken.VALUE_NULL;
        pass.events = null;
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        List<RawEvent> events = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            events.add(readEvent(parser));
        }
        pass.events = events;
    }

    /** The raw fields of an event; an element that is not an object has none. */
    private static final class RawEvent {
        Object eventType;
        /** Null when absent or null; a {@link Long}, {@link BigDecimal} or {@link String}; else {@link #NOT_TEXT}. */
        Object timestamp;
        boolean transactionIsObject;
        Object transactionIdentifier;
        Object transactionStatus;

        PassEvent toEvent() {
            if (timestamp == null) {
                throw missing("timestamp");
            }
            Instant instant = instant(timestamp);
            if (instant == null) {
                throw new WireFormatException("'timestamp' is not unix seconds");
            }
            if (instant.isAfter(LATEST_PLAUSIBLE)) {
                throw new WireFormatException("'timestamp' " + instant.getEpochSecond()
                        + " is not unix seconds (milliseconds, perhaps): it lies after " + LATEST_PLAUSIBLE);
            }
            Transaction transaction = null;
            if (transactionIsObject) {
                String status = transactionStatus instanceof String ? (String) transactionStatus : null;
                transaction = new Transaction(text(transactionIdentifier, "identifier"),
                        status == null ? null : TransactionStatus.of(status));
            }
            return new PassEvent(EventType.of(text(eventType, "eventType")), instant, transaction);
        }
    }

    private static RawEvent readEvent(JsonParser parser) throws IOException {
        RawEvent event = new RawEvent();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return event;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "eventType" -> event.eventType = textOf(parser, value);
                case "timestamp" -> event.timestamp = timestampOf(parser, value);
                case "transaction" -> readTransaction(parser, value, event);
                default -> parser.skipChildren();
            }
        }
        return event;
    }

    private static void readTransaction(JsonParser parser, JsonToken value, RawEvent event) throws IOException {
        event.transactionIsObject = value == JsonToken.START_OBJECT;
        event.transactionIdentifier = null;
        event.transactionStatus = null;
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            switch (field) {
                case "identifier" -> event.transactionIdentifier = textOf(parser, fieldValue);
                case "status" -> event.transactionStatus = textOf(parser, fieldValue);
                default -> parser.skipChildren();
            }
        }
    }

    /** A field's value: its text, null for JSON null, or {@link #NOT_TEXT}; skips any structure. */
    private static Object textOf(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        parser.skipChildren();
        return NOT_TEXT;
    }

    /** A timestamp's value as read: a whole number stays a {@code long}, the common case. */
    private static Object timestampOf(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDecimalValue();
        }
        return textOf(parser, value);
    }

    // ---------------------------------------------------------------- step 2: checks

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof Long) {
            long seconds = (Long) timestamp;
            return seconds > Instant.MAX.getEpochSecond() || seconds < Instant.MIN.getEpochSecond()
                    ? null : Instant.ofEpochSecond(seconds);
        }
        if (timestamp instanceof BigDecimal) {
            return CivicJson.seconds((BigDecimal) timestamp);
        }
        if (timestamp instanceof String) {
            return CivicJson.instantOfText((String) timestamp);
        }
        return null;
    }

    private static String text(Object value, String field) {
        if (value == null) {
            throw missing(field);
        }
        if (value == NOT_TEXT) {
            throw new WireFormatException("field '" + field + "' is not text");
        }
        return (String) value;
    }

    private static WireFormatException missing(String field) {
        return new WireFormatException("required field '" + field + "' is missing");
    }
}
