package io.civicpass.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's ```java blocks and the regions of this module's sources they are taken from.
 *
 * <p>A region is the code between {@code // README:begin NAME} and {@code // README:end NAME}
 * lines (the marker lines themselves left out). A name may have several parts in one file, which
 * join in order (imports and a method body, say); regions of different names may nest. A README
 * block matches a region when its text, whitespace runs collapsed, appears in the region's text
 * as whole tokens.
 */
final class Snippets {

    private static final Pattern MARKER = Pattern.compile("^\\s*//\\s*README:(begin|end)\\s+(\\S+)\\s*$");

    private Snippets() {
    }

    /** A ```java block of a Markdown file: where it starts and what it holds. */
    record Block(int line, String text) {
        String firstLine() {
            return text.strip().lines().findFirst().orElse("");
        }
    }

    /** Every ```java block, in order. */
    static List<Block> javaBlocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            i++;
            while (i < lines.size() && !lines.get(i).strip().startsWith("```")) {
                text.append(lines.get(i)).append('\n');
                i++;
            }
            if (i == lines.size()) {
                throw new IllegalStateException("the ```java block at line " + start + " is never closed");
            }
            blocks.add(new Block(start, text.toString()));
        }
        return blocks;
    }

    /** The regions of every .java file under a directory, by name. */
    static Map<String, String> regions(Path root) {
        Map<String, String> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                Map<String, String> found = regions(root.relativize(file).toString(), Files.readString(file));
                for (Map.Entry<String, String> region : found.entrySet()) {
                    if (all.putIfAbsent(region.getKey(), region.getValue()) != null) {
                        throw new IllegalStateException("README region '" + region.getKey()
                                + "' is defined in more than one file; the second is " + file);
                    }
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return all;
    }

    /** The regions of one source file, by name. */
    static Map<String, String> regions(String fileName, String source) {
        Map<String, StringBuilder> done = new LinkedHashMap<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                String name = marker.group(2);
                if (marker.group(1).equals("begin")) {
                    if (open.putIfAbsent(name, i + 1) != null) {
                        throw new IllegalStateException(fileName + ":" + (i + 1) + ": README region '" + name
                                + "' begins again before it ended");
                    }
                    done.computeIfAbsent(name, n -> new StringBuilder());
                } else if (open.remove(name) == null) {
                    throw new IllegalStateException(fileName + ":" + (i + 1) + ": README region '" + name
                            + "' ends without having begun");
                }
                continue;
            }
            if (line.strip().startsWith("//") && line.contains("README:")) {
                throw new IllegalStateException(fileName + ":" + (i + 1) + ": not a README marker line: " + line.strip()
                        + " (write // README:begin NAME or // README:end NAME alone on a line)");
            }
            for (String name : open.keySet()) {
                done.get(name).append(line).append('\n');
            }
        }
        if (!open.isEmpty()) {
            Map.Entry<String, Integer> first = open.entrySet().iterator().next();
            throw new IllegalStateException(fileName + ":" + first.getValue() + ": README region '" + first.getKey()
                    + "' never ends");
        }
        Map<String, String> regions = new LinkedHashMap<>();
        done.forEach((name, text) -> regions.put(name, text.toString()));
        return regions;
    }

    /** The name of a region holding the block, if one does. */
    static Optional<String> regionHolding(Map<String, String> regions, Block block) {
        String wanted = " " + normalised(block.text()) + " ";
        return regions.entrySet().stream()
                .filter(region -> (" " + normalised(region.getValue()) + " ").contains(wanted))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Whitespace runs collapsed to one space, ends trimmed. */
    static String normalised(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
