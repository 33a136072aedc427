package org.crystalgan.workflow;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crystalgan.base.Progress;
import org.crystalgan.crystal.InputException;
import org.crystalgan.crystal.Structure;
import org.crystalgan.encoding.Augmenter;
import org.crystalgan.encoding.DatasetBuilder;
import org.crystalgan.encoding.Representation;
import org.crystalgan.gan.GanConfig;
import org.crystalgan.io.NamedStructure;
import org.crystalgan.screening.match.PrimitiveCell;

/**
 * Building training sets, for both faces: {@code dataset build} and the Data pane's "Build training set" use the
 * same builder (structure folders read by {@link StructureSources}, cells too large for the rows replaced by their
 * primitive cell) and refuse the same sets.
 */
public final class DatasetService {
    private DatasetService() {}

    /** pymatgen's default tolerance for its primitive-cell search (Å). */
    public static final double PRIMITIVE_TOLERANCE = 0.25;

    /**
     * Folders of CIF / POSCAR / JSON files for {@link DatasetBuilder}, read by {@link StructureSources}; the index a
     * Materials Project download ({@code fetch}) writes beside its CIFs is not a structure and is not reported.
     */
    public static final DatasetBuilder.FolderReader FOLDERS = DatasetService::readFolder;

    /** A builder reading folders with {@link #FOLDERS}, keeping every cell as given. */
    public static DatasetBuilder builder(DatasetBuilder.Options options) {
        return new DatasetBuilder(options, FOLDERS);
    }

    /** A builder reading folders with {@link #FOLDERS} that encodes a cell too large for the rows as its primitive cell. */
    public static DatasetBuilder reducingBuilder(DatasetBuilder.Options options) {
        return builder(options).withCellReducer(DatasetService::primitive);
    }

    /**
     * The window's recipe: Mg-Mn-O, seed 1, supercells, primitive cells, and only cells holding Mg, Mn and O together
     * (the composition-conditioned GAN learns from nothing else).
     */
    public static DatasetBuilder trainingBuilder(int perComposition) {
        return reducingBuilder(new DatasetBuilder.Options(Representation.MG_MN_O, perComposition, 1, true)).withEveryElementRequired();
    }

    /** What a training set needs, in one or two sentences (before anything is built). */
    public static String trainingRequirements() {
        Representation r = Representation.MG_MN_O;
        return String.format(Locale.ROOT, "A training set needs ordered cells holding Mg, Mn and O together, with at most %d Mg, %d Mn"
                + " and %d O atoms and edges up to %.0f Å (a larger cell is used as its primitive cell when that fits); binaries and"
                + " other elements are left out.", r.maxAtoms(0), r.maxAtoms(1), r.maxAtoms(2), r.maxLengthAngstrom());
    }

    /** The fewest matrices a set needs for training to accept it: one batch of the default recipe. */
    public static int minimumTrainingSetSize() { return GanConfig.defaults().batchSize(); }

    /** {@code s} as it would be encoded by {@link #trainingBuilder}; throws an InputException saying why it cannot be. */
    public static DatasetBuilder.Fitted fit(Structure s) {
        return trainingBuilder(0).fit(s);
    }

    /**
     * Builds a training set from structures already read with {@link #trainingBuilder} and writes it to {@code output}
     * (+ its .csv); refuses, with an InputException saying what to change, a set training would refuse.
     */
    public static DatasetBuilder.Report buildTrainingSet(List<NamedStructure> structures, int perComposition, Path output, Progress progress) {
        List<Augmenter.Input> inputs = structures.stream().map(e -> new Augmenter.Input(e.name(), e.structure())).toList();
        DatasetBuilder.Report r = trainingBuilder(perComposition).build(new DatasetBuilder.SourceContents(inputs, List.of()), progress);
        progress.checkCancelled();
        int min = minimumTrainingSetSize();
        if (r.dataset().count() == 0) {
            throw new InputException("none of the " + structures.size() + " structures can train the GAN, so no set was written"
                    + (r.skipped().isEmpty() ? "" : " (e.g. " + r.skipped().get(0) + ")") + ". " + trainingRequirements());
        }
        if (r.dataset().count() < min) {
            throw new InputException(r.dataset().count() + " matrices are fewer than one training batch of " + min
                    + ", so no set was written; raise \"Per composition\" to at least " + ceilDiv(min * perComposition, r.dataset().count()) + ".");
        }
        r.dataset().save(output);
        return r;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    private static Structure primitive(Structure s) {
        return PrimitiveCell.find(s, PRIMITIVE_TOLERANCE);
    }

    private static DatasetBuilder.SourceContents readFolder(Path dir) {
        StructureSources.Folder f;
        try {
            f = StructureSources.readFolder(dir, false, Progress.NONE);
        } catch (NoSuchFileException e) {
            throw new InputException(dir + ": no such folder");
        } catch (IOException e) {
            throw new InputException(dir + ": cannot read the folder: " + e.getMessage(), e);
        }
        List<Augmenter.Input> in = new ArrayList<>(f.structures().size());
        for (NamedStructure n : f.structures()) in.add(new Augmenter.Input(n.name(), n.structure()));
        List<DatasetBuilder.Skipped> bad = new ArrayList<>();
        for (StructureSources.Skipped s : f.skipped()) {
            if (s.file().getFileName().toString().equals(DatasetBuilder.MP_INDEX)) continue;
            bad.add(new DatasetBuilder.Skipped(s.file().getFileName().toString(), s.reason()));
        }
        return new DatasetBuilder.SourceContents(in, bad);
    }
}
