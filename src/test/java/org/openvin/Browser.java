package org.openvin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Debian's chromedriver, for the page tests. The binaries are
 * required, not optional: without them the test fails saying how to install them (CI installs
 * them), so a browser test is never silently skipped. Every page the test visits can be checked
 * for labels, language, title and contrast, and weighed as the browser received it.
 */
public final class Browser implements AutoCloseable {

    public static final int PAGE_BUDGET_BYTES = 150 * 1024;
    public static final String SESSION_COOKIE = "OPENVIN_SESSION";
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path WEIGHTS = Path.of("target", "page-weights.txt");

    private ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    public static Browser start(int port) {
        try {
            return start(port, Files.createTempDirectory("openvin-chromium-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Quits Chromium and starts it again on the same profile (its cookies, storage and service
     * workers), as a tablet restarted; {@code offline}: cut off the network before any page opens.
     */
    public void restart(boolean offline) {
        driver.quit();
        driver = start(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), profile).driver;
        if (offline) {
            offline(true);
        }
    }

    private static Browser start(int port, Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The browser tests need Debian's Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ". Install them with: apt-get update && apt-get install -y chromium chromium-driver");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=420,900", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile, "http://localhost:" + port);
    }

    public String base() {
        return base;
    }

    public void open(String path) {
        driver.get(base + path);
    }

    public String path() {
        URI uri = URI.create(driver.getCurrentUrl());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public void fill(String id, String value) {
        WebElement field = find("#" + id);
        field.clear();
        field.sendKeys(value);
    }

    public void choose(String id, String value) {
        new Select(find("#" + id)).selectByValue(value);
    }

    /** Clicks a button or link that loads a new page, and waits until the new page has replaced the old one. */
    public void submit(String css) {
        js("window.openvinOldPage = true;");
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("a new page after clicking " + css)
                .until(d -> {
                    try {
                        return Boolean.TRUE.equals(js("return window.openvinOldPage === undefined"
                                + " && document.readyState === 'complete';"));
                    } catch (org.openqa.selenium.WebDriverException navigating) {
                        return false;
                    }
                });
    }

    public String text(String css) {
        return find(css).getText();
    }

    public String pageText() {
        return find("body").getText();
    }

    public void waitUntil(String description, java.util.function.Predicate<Browser> condition) {
        // A part of the page that refreshes itself (the dashboard's live region) may be swapped
        // between finding an element and reading it: that is "not yet", not a failure.
        new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage(description)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.test(this));
    }

    /** A full-height screenshot under target/screenshots/. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Number height = (Number) js("return Math.max(document.body.scrollHeight, 600);");
            Dimension before = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(4000, height.intValue() + 140)));
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            driver.manage().window().setSize(before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page's accessibility problems: no lang or title, a form field without a label, text
     * whose colour on its background is below WCAG AA's 4.5:1.
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityProblems() {
        return (List<String>) js("""
                const problems = [];
                if (!document.documentElement.lang) problems.push('html has no lang');
                if (!document.title.trim()) problems.push('page has no title');
                for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                  const byFor = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
                  if (!byFor && !el.closest('label') && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
                    problems.push('no label: ' + el.outerHTML.slice(0, 100));
                }
                const rgb = s => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
                  const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
                const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
                const background = el => { for (let e = el; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; }
                  return {r: 255, g: 255, b: 255, a: 1}; };
                for (const el of document.body.querySelectorAll('*')) {
                  if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
                  const st = getComputedStyle(el);
                  const box = el.getBoundingClientRect();
                  if (st.visibility === 'hidden' || st.display === 'none' || box.width === 0 || box.right < 0) continue;
                  const fg = lum(rgb(st.color)), bg = lum(background(el));
                  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
                  if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ':1 on ' + el.tagName + ' "'
                      + el.textContent.trim().slice(0, 40) + '"');
                }
                return problems;""");
    }

    /** Bytes the browser received for this page and its CSS and scripts (compressed as sent, cached ones counted too). */
    public long pageWeight() {
        Number bytes = (Number) js("""
                const size = e => Math.max(e.transferSize || 0, e.encodedBodySize || 0);
                let total = size(performance.getEntriesByType('navigation')[0]);
                for (const r of performance.getEntriesByType('resource')) total += size(r);
                return total;""");
        return bytes.longValue();
    }

    /** Checks the page now shown: accessible, within the size budget; records its weight. */
    public void checkPage(String name) {
        assertThat(accessibilityProblems()).as("accessibility of " + name + " (" + path() + ")").isEmpty();
        long weight = pageWeight();
        try {
            Files.createDirectories(WEIGHTS.getParent());
            Files.writeString(WEIGHTS, name + " " + path().replaceAll("[?].*", "") + " " + weight + " bytes\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(weight).as("bytes transferred for " + name).isPositive().isLessThan(PAGE_BUDGET_BYTES);
    }

    /** Fetches a link of the page with the browser's session cookie, as the browser's download would. */
    public HttpResponse<byte[]> download(String href) {
        return fetch(URI.create(base).resolve(href));
    }

    /** The browser's page-session cookie, as {@code name=value}. */
    public String sessionCookie() {
        var cookie = driver.manage().getCookieNamed(SESSION_COOKIE);
        assertThat(cookie).as("session cookie").isNotNull();
        return SESSION_COOKIE + "=" + cookie.getValue();
    }

    /** Fetches any URL (another app node, say) with the browser's session cookie. */
    public HttpResponse<byte[]> fetch(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                            .header("Cookie", sessionCookie()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Cuts the browser off the network (Chromium's DevTools network emulation), or gives it back. */
    public void offline(boolean offline) {
        if (offline) {
            var conditions = new org.openqa.selenium.chromium.ChromiumNetworkConditions();
            conditions.setOffline(true);
            driver.setNetworkConditions(conditions);
        } else {
            driver.deleteNetworkConditions();
        }
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
