package org.crystalgan.app.common;

/**
 * The services every pane's controller receives (the window builds one; tests build their own with a
 * recording dialog service and a direct task runner). {@code viewer} is the 3-D viewer as the panes see it.
 */
public record AppContext(AppSettings settings, TaskRunner tasks, DialogService dialogs, Workspace workspace, StructureDisplay viewer) {
}
