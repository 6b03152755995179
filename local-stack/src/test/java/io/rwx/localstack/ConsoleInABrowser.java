package io.rwx.localstack;

import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console driven by a real browser (headless Chromium through chromedriver) against the running stack:
 * sign in with a Kubernetes token, see a new volume appear without reloading, read why an access-mode change is
 * refused, start a migration from the form and watch its progress bar move to 100 %, read a failover's timeline.
 * Screenshots of each step go to {@code target/console-*.png}.
 */
final class ConsoleInABrowser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The copy's rate cap the test stack runs with (KiB/s), so a 48 MiB file takes seconds to copy: watchable. */
    static final String BANDWIDTH_LIMIT = "8192";
    static final long LARGE_FILE = 48L << 20;

    private final Stack stack;
    private final Path shots = Path.of("target").toAbsolutePath();

    ConsoleInABrowser(Stack stack) {
        this.stack = stack;
    }

    /** Why the browser check cannot run here, or null. CI ({@code RWX_REQUIRE_TOOLS=1}) makes any reason a failure. */
    static String missing(Stack stack) {
        String why = null;
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            why = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
        } else if (stack.url("console") == null) {
            why = "the console is not built (./mvnw -pl console package)";
        }
        if (why != null && "1".equals(System.getenv("RWX_REQUIRE_TOOLS"))) {
            throw new AssertionError("RWX_REQUIRE_TOOLS=1 but " + why);
        }
        return why;
    }

    void run() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString()); // no Selenium Manager download
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1500,1300", "--user-data-dir=" + Files.createTempDirectory("rwx-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            story(browser);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    private void story(WebDriver browser) throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(stack.url("console") + "/");

        step("the sign-in page");
        // anonymous: the banner says so and nothing is shown; a wrong token is refused with the API's reason
        wait.until(b -> b.findElement(By.id("signin")).isDisplayed());
        assertThat(browser.findElement(By.id("banner")).getText()).contains("Unauthenticated");
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        signIn(browser, "not-a-token");
        wait.until(b -> !b.findElement(By.id("signin-error")).getText().isBlank());
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();

        step("signing in");
        // signed in: every volume, with its PVC and workloads
        signIn(browser, ClusterMain.ADMIN_TOKEN);
        wait.until(b -> b.findElement(By.id("app")).isDisplayed());
        assertThat(read(wait, b -> rowOf(b, "demo/shared-data").findElement(By.className("access-mode")).getText()))
                .isEqualTo("rwx");
        assertThat(read(wait, b -> rowOf(b, "demo/shared-data").findElement(By.className("workloads")).getText()))
                .as("the demo's workload pods").contains("demo/");
        screenshot(browser, "console-volumes");

        step("a share-manager fails");
        // its share-manager fails: the list shows the share leave its state and come back, without a reload, and the
        // failover appears as a new timeline
        String volume = read(wait, b -> rowOf(b, "demo/shared-data").getAttribute("data-volume"));
        String initial = read(wait, b -> rowOf(b, "demo/shared-data").findElement(By.className("share-state")).getText());
        int episodesBefore = browser.findElements(By.cssSelector("#failovers .episode[data-volume='" + volume + "']")).size();
        ((JavascriptExecutor) browser).executeScript("""
                const volume = arguments[0];
                window.rwxSeen = [];
                new MutationObserver(() => {
                  const cell = document.querySelector(`#volumes tr[data-volume="${volume}"] .share-state`);
                  if (cell && window.rwxSeen[window.rwxSeen.length - 1] !== cell.textContent) window.rwxSeen.push(cell.textContent);
                }).observe(document.querySelector('#volumes tbody'), {childList: true, subtree: true});
                """, volume);
        control("/pods/longhorn-system/share-manager-" + volume + "/fail");
        // the replacement's kubelet reports it 3 s late (its next status write is held): a simulated pod is otherwise
        // Ready within one 250 ms tick, quicker than the page's coalesced refresh, and the share would come back
        // before the list could show it gone
        control("/faults/api?path=" + URLEncoder.encode("/api/v1/namespaces/longhorn-system/pods/share-manager-"
                + volume + "/status", StandardCharsets.UTF_8) + "&delayMs=3000&times=1");
        List<String> states = wait.until(b -> {
            List<String> seen = ((List<?>) ((JavascriptExecutor) b).executeScript("return window.rwxSeen;")).stream()
                    .map(String::valueOf).toList();
            return seen.stream().anyMatch(x -> !initial.equals(x)) && initial.equals(seen.get(seen.size() - 1))
                    ? seen : null;
        });
        assertThat(states).as("share states the list showed").contains(initial).hasSizeGreaterThanOrEqualTo(2);
        wait.until(b -> b.findElements(By.cssSelector("#failovers .episode[data-volume='" + volume + "']")).size()
                > episodesBefore);
        screenshot(browser, "console-share-manager-failed");

        step("a new volume");
        // a volume created now appears without a reload (the page follows the event stream)
        Set<String> before = volumeNames(browser);
        kubectl("create", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: console-old, namespace: demo}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: nfs-legacy
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: console-new, namespace: demo}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: longhorn
                  resources: {requests: {storage: 2Gi}}
                """);
        // within 20 s: well inside the watcher's 1-minute resync, so it is the event stream that brought it
        String fresh = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(b -> rowOf(b, "demo/console-new").getAttribute("data-volume"));
        assertThat(before).doesNotContain(fresh);

        step("a refused access-mode change");
        // a change the rules forbid: the reason is shown next to it
        wait.until(b -> { // the table is re-rendered as events arrive: a row may go stale between two steps
            WebElement row = rowOf(b, "demo/shared-data");
            new Select(row.findElement(By.className("mode-select"))).selectByVisibleText("rwo");
            row.findElement(By.className("mode-change")).click();
            return true;
        });
        String refusal = wait.until(b -> {
            String t = rowOf(b, "demo/shared-data").findElement(By.className("mode-result")).getText();
            return t.isBlank() ? null : t;
        });
        assertThat(refusal).startsWith("refused:").contains("shared-data");
        assertThat(read(wait, b -> rowOf(b, "demo/shared-data").findElement(By.className("access-mode")).getText()))
                .as("unchanged").isEqualTo("rwx");
        screenshot(browser, "console-refused");

        step("a migration from the form");
        // a migration started from the form: its bar moves while it copies, then shows 100 % and the verification
        control("/volumes/demo/console-old/seed?bytes=" + LARGE_FILE);
        browser.findElement(By.id("m-namespace")).sendKeys("demo");
        browser.findElement(By.id("m-source")).sendKeys("console-old");
        browser.findElement(By.id("m-target")).sendKeys("console-new");
        new Select(browser.findElement(By.id("m-verify"))).selectByVisibleText("checksum");
        browser.findElement(By.id("m-start")).click();
        List<Integer> seen = new ArrayList<>();
        String detail = wait.withTimeout(Duration.ofSeconds(120)).until(b -> {
            WebElement row = migrationTo(b, "demo/console-new");
            if (row == null) {
                return null;
            }
            String percent = row.findElement(By.className("progress-text")).getText().replace("%", "").trim();
            int p = Integer.parseInt(percent);
            if (seen.isEmpty() || seen.get(seen.size() - 1) != p) {
                seen.add(p);
                if (p > 0 && p < 100 && seen.stream().filter(x -> x > 0 && x < 100).count() == 1) {
                    screenshotQuietly(b, "console-migration-running");
                }
            }
            String state = row.findElement(By.className("state")).getText();
            assertThat(state).as("the migration").isNotEqualTo("FAILED");
            return "SUCCEEDED".equals(state) ? row.findElement(By.className("detail")).getText() : null;
        });
        assertThat(seen).as("the progress bar's values as the page showed them").anyMatch(p -> p > 0 && p < 100)
                .endsWith(100).isSorted();
        assertThat(detail).contains("verified");
        screenshot(browser, "console-migration-done");

        step("the failover timelines");
        // the demo's failovers, each as a timeline that ended
        assertThat(browser.findElements(By.cssSelector("#failovers .episode"))).as("failover episodes").isNotEmpty();
        assertThat(read(wait, b -> b.findElement(By.id("failovers")).getText())).contains("remount requested")
                .contains("replacement ready").contains("completed");
        screenshot(browser, "console-failovers");
    }

    /** Text the page shows, once it shows it (the wait retries over re-rendered elements). */
    private static String read(WebDriverWait wait, Function<WebDriver, String> text) {
        return wait.until(text);
    }

    private final long started = System.nanoTime();

    private void step(String what) {
        System.out.printf("[console %5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private static void signIn(WebDriver browser, String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("signin-button")).click();
    }

    /** The volumes table's row of the volume bound to {@code pvc} (a wait retries while there is none). */
    private static WebElement rowOf(WebDriver browser, String pvc) {
        for (WebElement row : browser.findElements(By.cssSelector("#volumes tbody tr"))) {
            if (row.findElement(By.className("pvc")).getText().equals(pvc)) {
                return row;
            }
        }
        throw new NoSuchElementException("no volume row for PVC " + pvc);
    }

    private static WebElement migrationTo(WebDriver browser, String target) {
        for (WebElement row : browser.findElements(By.cssSelector("#migrations tbody tr"))) {
            if (row.findElements(By.tagName("td")).get(2).getText().equals(target)) {
                return row;
            }
        }
        return null;
    }

    private static Set<String> volumeNames(WebDriver browser) {
        Set<String> names = new TreeSet<>();
        browser.findElements(By.cssSelector("#volumes tbody tr")).forEach(r -> names.add(r.getAttribute("data-volume")));
        return names;
    }

    private void screenshot(WebDriver browser, String name) throws IOException {
        Files.write(shots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void screenshotQuietly(WebDriver browser, String name) {
        try {
            screenshot(browser, name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void kubectl(String verb, String yaml) throws Exception {
        Process p = new ProcessBuilder("kubectl", "--kubeconfig", stack.kubeconfig().toString(), verb,
                "--validate=false", "-f", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(yaml.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private void control(String path) throws Exception {
        // the PVC is bound by the simulated provisioner a moment after it is created
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> http.send(HttpRequest.newBuilder(URI.create(stack.controlUrl() + path))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()),
                resp -> resp.statusCode() != 404);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
