package io.rapport.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rapport catalog FILE}: loads a product catalogue into a running API. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Load catalogue records {\"itemId\",\"name\",\"category\",\"price\",\"inStock\"} from a file "
                + "(a JSON array or one object per line) into a running API (POST /v1/catalog, batches of 1,000).")
final class CatalogCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a JSON array of records, or one record per line")
    Path file;

    @Option(
            names = "--to",
            defaultValue = "${env:RAPPORT_URL:-http://127.0.0.1:8080}",
            description = "API base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(
            names = "--key",
            defaultValue = "${env:RAPPORT_API_KEY}",
            description = "admin key, sent as a bearer token, when the API runs with keys (default: $RAPPORT_API_KEY)")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks check = new OptionChecks(spec);
        check.apiUrl("--to", url);
        check.readableFile(null, file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text (JSON files are UTF-8)");
        }
        var records = CatalogUploader.records(text);
        try {
            long accepted = new CatalogUploader(url, key).upload(records);
            System.out.println("catalogue: " + accepted + " of " + records.size() + " records accepted");
            return 0;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw e; // said as for every command: cannot connect to the API, check --to
        } catch (IOException e) {
            System.err.println("rapport catalog: " + e.getMessage());
            return RapportCli.FAILED;
        }
    }
}
