package org.crystalgan.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ElementTest {
    @Test
    void tableCoversAllElements() {
        assertEquals(118, Element.all().size());
        for (int z = 1; z <= 118; z++) {
            Element e = Element.ofZ(z);
            assertEquals(z, e.z());
            assertTrue(e.mass() > 0, e.symbol());
            assertTrue(e.covalentRadius() > 0, e.symbol());
        }
    }

    @Test
    void manganeseFacts() {
        Element mn = Element.of("Mn");
        assertEquals(25, mn.z());
        assertEquals(54.938, mn.mass(), 1e-3);
        assertEquals(0.645, mn.ionicRadius(3).getAsDouble(), 1e-9); // Shannon, CN VI, high spin
        assertEquals(0.53, mn.ionicRadius(4).getAsDouble(), 1e-9);
        assertEquals(1.40, Element.of("O").ionicRadius(-2).getAsDouble(), 1e-9);
        assertEquals(0x9C7AC7, mn.rgb());
    }

    @Test
    void lenientLookupForFileLabels() {
        assertEquals(Element.of("Mn"), Element.find("Mn3+").orElseThrow());
        assertEquals(Element.of("Mn"), Element.find("MN").orElseThrow());
        assertEquals(Element.of("O"), Element.find("O2-").orElseThrow());
        assertEquals(Element.of("O"), Element.find("O12").orElseThrow());
        assertFalse(Element.find("Xx").isPresent());
        assertFalse(Element.find("12").isPresent());
    }
}
