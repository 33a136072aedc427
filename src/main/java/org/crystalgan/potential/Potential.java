package org.crystalgan.potential;

import org.crystalgan.crystal.Structure;

/**
 * An interatomic potential: energy, forces and stress of a periodic structure.
 *
 * <p>Implementations are immutable and thread-safe, so one instance serves every worker of a batch.
 * Bad input (an element the potential does not cover, overlapping atoms, an absurd cell) is refused
 * with an {@link org.crystalgan.crystal.InputException} whose message a chemist can act on.
 */
public interface Potential {
    /** Short identifier used on the command line and in tables: {@code m3gnet}, {@code classical}, ... */
    String name();

    /** One line for people: what the potential is and where its parameters come from. */
    String description();

    /** Energy, forces and stress of {@code structure} (a single point, nothing relaxed). */
    Evaluation evaluate(Structure structure);
}
