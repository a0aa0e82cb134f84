package net.landht.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver through Selenium ({@link Prerequisites#CHROMIUM},
 * {@link Prerequisites#CHROMEDRIVER}: never a downloaded browser or driver). Runs as root in CI, hence
 * {@code --no-sandbox}; keeps the browser's console log for {@link #consoleErrors()} and chromedriver's log in the
 * test's log folder.
 */
public final class HeadlessChromium implements AutoCloseable {
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    /** Starts a browser with a {@code width} x {@code height} window. */
    public HeadlessChromium(Path logDir, int width, int height) {
        Prerequisites.requireChromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Prerequisites.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--window-size=" + width + "," + height, "--user-data-dir=" + logDir.resolve("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(Prerequisites.CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(logDir.resolve("chromedriver.log").toFile()).build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The console entries at level SEVERE (errors, failed loads, CSP violations) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
    }

    /** A PNG of the window, written to {@code file}. */
    public void screenshot(Path file) {
        File png = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot to " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
