package org.crystalgan.app;

import org.crystalgan.app.common.AppContext;
import org.crystalgan.app.data.DataController;
import org.crystalgan.app.data.DataViewModel;
import org.crystalgan.app.data.WorkbenchDataServices;
import org.crystalgan.app.generate.GenerateController;
import org.crystalgan.app.generate.GenerateViewModel;
import org.crystalgan.app.generate.WorkbenchGenerateServices;
import org.crystalgan.app.screening.ScreeningController;
import org.crystalgan.app.screening.ScreeningViewModel;
import org.crystalgan.app.screening.WorkbenchScreeningServices;
import org.crystalgan.app.training.TrainingController;
import org.crystalgan.app.training.TrainingViewModel;
import org.crystalgan.app.training.WorkbenchTrainingServices;
import org.crystalgan.app.viewer.ViewerViewModel;

/**
 * The one place the window's ViewModels are built, each on its real {@code Workbench*Services}; the FXML loader asks
 * it for the controllers, which receive their ViewModel instead of building it (tests build ViewModels on fakes).
 */
public final class ViewModels {
    private final AppContext ctx;
    private final ViewerViewModel viewer;
    private final MainWindowViewModel mainWindow;
    private final DataViewModel data;
    private final TrainingViewModel training;
    private final GenerateViewModel generate;
    private final ScreeningViewModel screening;

    /** @param viewer the 3-D viewer's ViewModel, the same object as {@code ctx.viewer()} */
    public ViewModels(AppContext ctx, ViewerViewModel viewer) {
        if (ctx.viewer() != viewer) throw new IllegalArgumentException("the context must show structures in this viewer");
        this.ctx = ctx;
        this.viewer = viewer;
        this.mainWindow = new MainWindowViewModel(ctx);
        this.data = new DataViewModel(ctx, new WorkbenchDataServices());
        // Settings ▸ Threads is read at each training start
        this.training = new TrainingViewModel(ctx, new WorkbenchTrainingServices(ctx.settings()::trainingThreads));
        this.generate = new GenerateViewModel(ctx, new WorkbenchGenerateServices());
        // relaxations are journalled beside the settings, so a screening cancelled or repeated (new entries) reuses
        // them; one relaxation worker per processor (Settings ▸ Threads sets training threads only)
        this.screening = new ScreeningViewModel(ctx, new WorkbenchScreeningServices(ctx.settings().dir().resolve("relaxations"), 0));
    }

    public MainWindowViewModel mainWindow() { return mainWindow; }
    public DataViewModel data() { return data; }
    public TrainingViewModel training() { return training; }
    public GenerateViewModel generate() { return generate; }
    public ScreeningViewModel screening() { return screening; }

    /** The controller of an FXML file of the window, with its ViewModel. */
    public Object controller(Class<?> type) {
        if (type == MainWindowController.class) return new MainWindowController(ctx, mainWindow, viewer);
        if (type == DataController.class) return new DataController(ctx, data);
        if (type == TrainingController.class) return new TrainingController(ctx, training);
        if (type == GenerateController.class) return new GenerateController(ctx, generate);
        if (type == ScreeningController.class) return new ScreeningController(ctx, screening);
        throw new IllegalStateException("no controller known for " + type.getName());
    }
}
