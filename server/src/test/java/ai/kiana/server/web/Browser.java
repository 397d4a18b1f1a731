package ai.kiana.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with the few helpers the web app tests need.
 * Without Chromium the tests are skipped with a message, except under CI ({@code CI} set), where a
 * missing browser fails them: CI installs it ({@code .ci/run}).
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  static Browser open(int port) {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    String ci = System.getenv("CI");
    if (!present && (ci == null || ci.isBlank() || ci.equals("false"))) {
      Assumptions.abort(
          "browser tests need Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver); skipped because CI is not set");
    }
    if (!present) {
      throw new IllegalStateException(
          "CI is set but " + CHROMIUM + " or " + DRIVER + " is missing: .ci/run installs them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--lang=en-US",
        "--window-size=1280,900");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver, "http://127.0.0.1:" + port);
  }

  /** Loads an app path and waits until the app has rendered its first page. */
  void go(String path) {
    driver.get(base + path);
    waitReady();
  }

  /**
   * Logs in through the app's login page as {@code username} and waits until the app has left it,
   * the way a person does: the app keeps the access token it gets (and the browser the refresh
   * cookie).
   */
  void logIn(String username, String password) {
    go("/login");
    WebElement user = waitVisible("#login-user");
    user.clear();
    user.sendKeys(username);
    find("#login-password").sendKeys(password);
    find("#login-form button[type=submit]").click();
    waitFor(d -> !"/login".equals(js("return location.pathname")));
    waitReady();
  }

  /** Logs in as the creator every {@code TestNode} has. */
  void logInAsCreator() {
    logIn(ai.kiana.server.http.TestNode.CREATOR, ai.kiana.server.http.TestNode.PASSWORD);
  }

  void reload() {
    driver.navigate().refresh();
    waitReady();
  }

  void waitReady() {
    waitFor(d -> "true".equals(js("return document.body.dataset.ready || ''")));
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(10)).until(condition::apply);
  }

  WebElement waitVisible(String css) {
    return waitFor(
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** The text of the first match, read in the page: no stale element when the app re-renders. */
  String text(String css) {
    Object t =
        js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", css);
    return t == null ? "" : (String) t;
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves target/screenshots/name.png (the whole page height where Chromium allows). */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void offline(boolean offline) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
