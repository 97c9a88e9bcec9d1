using System.ComponentModel;

namespace Coordination.Invocation;

/// <summary>The result type of grain methods that return <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VoidResult
{
    public static ValueTask<VoidResult> FromTask(Task task) =>
        task.IsCompletedSuccessfully ? default : AwaitAsync(task);

    public static ValueTask<VoidResult> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : AwaitAsync(task);

    private static async ValueTask<VoidResult> AwaitAsync(Task task)
    {
        await task;
        return default;
    }

    private static async ValueTask<VoidResult> AwaitAsync(ValueTask task)
    {
        await task;
        return default;
    }
}
