package org.crystalgan.app.common;

import org.crystalgan.app.viewer.ViewerViewModel;

/**
 * The services every pane's controller receives (the window builds one; tests build their own with a
 * recording dialog service and a direct task runner).
 */
public record AppContext(AppSettings settings, TaskRunner tasks, DialogService dialogs, Workspace workspace, ViewerViewModel viewer) {
}
