using System.Diagnostics;

namespace Coordination.EndToEnd.Tests.Processes;

/// <summary>
/// A process started from a built .NET executable, with its output kept line by line so a test can wait for
/// a line (no sleeping) and show everything the process said when an assertion fails.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_readable = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<string> _standardOutput = [];
    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything written to stdout and stderr so far, in arrival order.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    /// <summary>What the process wrote to stdout alone (what a script would parse).</summary>
    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _standardOutput);
            }
        }
    }

    /// <summary>Runs <c>dotnet <paramref name="assembly"/> <paramref name="arguments"/></c> with extra environment variables.</summary>
    public static ChildProcess Start(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, line) => child.Add(line.Data, standardOutput: true);
        process.ErrorDataReceived += (_, line) => child.Add(line.Data, standardOutput: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a line containing <paramref name="text"/> and returns it.</summary>
    /// <exception cref="TimeoutException">The process exited, or said nothing of the kind in time; the message has its output.</exception>
    public async Task<string> WaitForLineAsync(string text, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(s_readable);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }

                added = _lineAdded.Task;
            }

            try
            {
                await Task.WhenAny(added, _process.WaitForExitAsync(limit.Token)).WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} did not write '{text}' within {s_readable}. It wrote:{Environment.NewLine}{Output}");
            }

            if (_process.HasExited && !added.IsCompleted)
            {
                // Output may still be draining; give the readers their last lines before judging.
                await _process.WaitForExitAsync(cancellationToken);
                lock (_gate)
                {
                    if (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                    {
                        throw new TimeoutException($"{Name} exited with {_process.ExitCode} without writing '{text}'. It wrote:{Environment.NewLine}{Output}");
                    }
                }
            }
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(s_readable, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not exit within {s_readable}. It wrote:{Environment.NewLine}{Output}");
        }

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Ends the process the way a crash would: SIGKILL, no chance to say goodbye.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Asks the process to stop, as an orchestrator would: SIGTERM (through kill(1), which every POSIX system has).</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill(1) could not be started.");
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} ({Name}) exited with {kill.ExitCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(string? line, bool standardOutput)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource added;
        lock (_gate)
        {
            _lines.Add(line);
            if (standardOutput)
            {
                _standardOutput.Add(line);
            }

            added = _lineAdded;
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.TrySetResult();
    }
}
