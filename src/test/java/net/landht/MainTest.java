package net.landht;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetector.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
    private Level levelBefore;
    private String propertyBefore;

    @BeforeEach
    void remember() {
        levelBefore = ResourceLeakDetector.getLevel();
        propertyBefore = System.getProperty(Main.LEAK_DETECTION_PROPERTY);
    }

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(levelBefore);
        if (propertyBefore == null) {
            System.clearProperty(Main.LEAK_DETECTION_PROPERTY);
        } else {
            System.setProperty(Main.LEAK_DETECTION_PROPERTY, propertyBefore);
        }
    }

    @Test
    void leakDetectionIsOffByDefault() {
        System.clearProperty(Main.LEAK_DETECTION_PROPERTY);
        ResourceLeakDetector.setLevel(Level.SIMPLE);

        Main.turnOffLeakDetectionUnlessAsked();

        assertEquals(Level.DISABLED, ResourceLeakDetector.getLevel());
    }

    @Test
    void anOperatorsLeakDetectionLevelIsKept() {
        System.setProperty(Main.LEAK_DETECTION_PROPERTY, "advanced");
        ResourceLeakDetector.setLevel(Level.ADVANCED);

        Main.turnOffLeakDetectionUnlessAsked();

        assertEquals(Level.ADVANCED, ResourceLeakDetector.getLevel());
    }
}
