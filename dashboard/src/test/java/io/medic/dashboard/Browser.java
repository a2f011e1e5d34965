package io.medic.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import io.medic.testing.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through Selenium, for the dashboard's tests: Debian's {@code chromium} and
 * {@code chromium-driver} packages ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; the system
 * properties {@code medic.chromium} and {@code medic.chromedriver} point elsewhere). The driver's path
 * is always given to Selenium, so Selenium Manager never runs and nothing is downloaded.
 *
 * <p>Without them the tests are skipped with a message saying how to install them — except when the
 * environment variable {@code CI} is {@code true}, where a missing browser fails the run (CI's
 * {@code .ci/run} installs both packages).
 *
 * <p>The flags are those this project's machines need (no sandbox as root, no GPU, no background
 * networking: the machine's network is closed), a fresh profile per browser (so each user's Basic
 * credentials stay in its own browser), and a 1280x800 window (the docs' screenshots).
 */
final class Browser implements AutoCloseable {
    static final String HOW_TO_ENABLE = "the dashboard's browser tests need headless Chromium and its driver: "
            + "apt-get install -y chromium chromium-driver (Debian; /usr/bin/chromium, /usr/bin/chromedriver), "
            + "or -Dmedic.chromium=PATH -Dmedic.chromedriver=PATH";

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** The browser and driver executables, or a skip (a failure when CI=true) saying how to install them. */
    static void requireChromium() {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing.get() + " and CI=true: " + HOW_TO_ENABLE);
        }
        String why = missing.get() + ": the browser tests are skipped; " + HOW_TO_ENABLE;
        if (!toldWhy) { // once per run, in the build's output: surefire does not print why a class was skipped
            toldWhy = true;
            System.out.println("[medic-dashboard] " + why);
        }
        Assumptions.abort(why);
    }

    private static volatile boolean toldWhy;

    private static Optional<String> missing() {
        for (File f : List.of(chromium(), chromedriver())) {
            if (!f.canExecute()) {
                return Optional.of("no executable " + f);
            }
        }
        return Optional.empty();
    }

    private static File chromium() {
        return new File(System.getProperty("medic.chromium", "/usr/bin/chromium"));
    }

    private static File chromedriver() {
        return new File(System.getProperty("medic.chromedriver", "/usr/bin/chromedriver"));
    }

    /** A new headless browser with a profile of its own. */
    static Browser open() {
        requireChromium();
        // Selenium logs through java.util.logging; its notes (no CDP implementation for this Chromium's
        // version, which these tests do not use) are not the build's business.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver().getPath());
        Path profile;
        try {
            profile = Files.createTempDirectory("medic-dashboard-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1280,800", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver())
                .usingAnyFreePort().withSilent(true).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // --window-size is the window's; the page gets 1280x800 (the screenshots' size) once the window's
        // own bars are added back
        Number bars = (Number) driver.executeScript("return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800 + bars.intValue()));
        return new Browser(driver, profile);
    }

    /** Loads {@code url} (a whole new page). */
    void load(String url) {
        driver.get(url);
    }

    /** Goes to {@code fragment} ({@code #/processes}) within the loaded page: no reload. */
    void go(String fragment) {
        js("location.hash = arguments[0]", fragment);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The rendered text of the first element {@code css} selects, or "" if there is none yet. Read in one
     * script: the pages replace their elements at each refresh, so a reference kept across two driver
     * calls may be stale.
     */
    String text(String css) {
        Object t = js("const e = document.querySelector(arguments[0]); return e ? (e.innerText ?? e.textContent) : ''", css);
        return t == null ? "" : (String) t;
    }

    /** The texts of every element {@code css} selects, in document order, read in one script. */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) js("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText ?? e.textContent)", css);
    }

    /** An attribute of every element {@code css} selects, in document order, read in one script. */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String name) {
        return (List<String>) js("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]))",
                css, name);
    }

    /** How many elements {@code css} selects now. */
    int count(String css) {
        return ((Number) js("return document.querySelectorAll(arguments[0]).length", css)).intValue();
    }

    /**
     * Clicks the element {@code css} selects, as a user would (WebDriver's click: the element must be
     * visible and not covered), trying again if a refresh replaced it between finding and clicking.
     */
    void click(String css) {
        Await.untilAsserted(() -> {
            try {
                find(css).click();
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                throw new AssertionError("no clickable " + css + " yet: " + e.getClass().getSimpleName(), e);
            }
        });
    }

    /** Types {@code text} into the input {@code css} selects, replacing what it held. */
    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Waits until the page {@code id} has completed at least {@code n} refreshes. */
    void awaitUpdates(String page, int n) {
        Await.until(() -> "page " + page + " refreshed " + n + " times; main is " + js(
                "const m = document.getElementById('main'); return m ? m.dataset.page + '/' + m.dataset.updates"
                        + " : 'absent; the page says: ' + document.body.innerText.slice(0, 300)"),
                () -> Boolean.TRUE.equals(js("const m = document.getElementById('main');"
                        + "return !!m && m.dataset.page === arguments[0] && Number(m.dataset.updates) >= arguments[1]", page, n)));
    }

    /** Saves a PNG of the window to {@code dir/name.png}. */
    Path screenshot(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
