using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Coordination.Storage;

namespace Coordination.Serialization;

/// <summary>
/// Turns exceptions into <see cref="ExceptionInfo"/> and back. Known types are rebuilt as themselves;
/// anything else arrives as <see cref="RemoteGrainException"/>. Every call goes through it, local or
/// remote, so a caller sees the same exception wherever the grain ran.
/// </summary>
public static class ExceptionConverter
{
    private static readonly ConcurrentDictionary<string, Registration> s_registrations = new(StringComparer.Ordinal);

    static ExceptionConverter()
    {
        Register<ArgumentNullException>(static i => new ArgumentNullException(i.ParamName, StripParameterSuffix(i)));
        Register<ArgumentOutOfRangeException>(static i => new ArgumentOutOfRangeException(i.ParamName, StripParameterSuffix(i)));
        Register<ArgumentException>(static i => new ArgumentException(StripParameterSuffix(i), i.ParamName));
        Register<InvalidOperationException>(static i => new InvalidOperationException(i.Message));
        Register<NotSupportedException>(static i => new NotSupportedException(i.Message));
        Register<NotImplementedException>(static i => new NotImplementedException(i.Message));
        Register<TimeoutException>(static i => new TimeoutException(i.Message));
        Register<OperationCanceledException>(static i => new OperationCanceledException(i.Message));
        Register<TaskCanceledException>(static i => new TaskCanceledException(i.Message));
        Register<KeyNotFoundException>(static i => new KeyNotFoundException(i.Message));
        Register<FormatException>(static i => new FormatException(i.Message));
        Register<InvalidDataException>(static i => new InvalidDataException(i.Message));
        Register<GrainCodecException>(static i => new GrainCodecException(i.Message));
        Register<GrainCallTimeoutException>(static i => new GrainCallTimeoutException(i.Message));
        Register<SiloUnavailableException>(
            static i => new SiloUnavailableException(i.Message, callDidNotRun: i.GetProperty(nameof(SiloUnavailableException.CallDidNotRun)) == bool.TrueString),
            static e => new Dictionary<string, string?> { [nameof(SiloUnavailableException.CallDidNotRun)] = e.CallDidNotRun.ToString() });
        Register<ClusterUnavailableException>(static i => new ClusterUnavailableException(i.Message));
        Register<GrainActivationException>(static i => new GrainActivationException(i.Message));
        Register<StorageWriteOutcomeUnknownException>(static i => new StorageWriteOutcomeUnknownException(i.Message));
        Register<InconsistentStateException>(
            static i => new InconsistentStateException(i.Message, i.GetProperty("StoredEtag"), i.GetProperty("CurrentEtag")),
            static e => new Dictionary<string, string?> { ["StoredEtag"] = e.StoredEtag, ["CurrentEtag"] = e.CurrentEtag });
        Register<RemoteGrainException>(
            static i => new RemoteGrainException(i.GetProperty("OriginalTypeName") ?? nameof(Exception), i.GetProperty("OriginalMessage") ?? i.Message, i.GetProperty("OriginalStackTrace")),
            static e => new Dictionary<string, string?>
            {
                ["OriginalTypeName"] = e.OriginalTypeName,
                ["OriginalMessage"] = e.OriginalMessage,
                ["OriginalStackTrace"] = e.OriginalStackTrace,
            });
    }

    /// <summary>
    /// Teaches the converter to rebuild <typeparamref name="TException"/>. <paramref name="captureProperties"/>
    /// extracts extra fields that its constructor needs back.
    /// </summary>
    public static void Register<TException>(
        Func<ExceptionInfo, TException> rebuild,
        Func<TException, IReadOnlyDictionary<string, string?>>? captureProperties = null)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(rebuild);
        Func<Exception, IReadOnlyDictionary<string, string?>>? capture =
            captureProperties is null ? null : e => captureProperties((TException)e);
        s_registrations[typeof(TException).FullName!] = new Registration(rebuild, capture);
    }

    public static ExceptionInfo Capture(Exception exception) => Capture(exception, 0);

    public static Exception Rebuild(ExceptionInfo info)
    {
        var exception = s_registrations.TryGetValue(info.TypeName, out var registration)
            ? registration.Rebuild(info)
            : new RemoteGrainException(info.TypeName, info.Message, info.StackTrace);
        if (info.StackTrace is { Length: > 0 } stack && exception.StackTrace is null)
        {
            // Shows where the grain threw, above the caller's own frames, like a rethrow would.
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stack + Environment.NewLine);
        }

        return exception;
    }

    /// <summary>Capture followed by rebuild: what a caller would receive for <paramref name="exception"/>.</summary>
    public static Exception RoundTrip(Exception exception) => Rebuild(Capture(exception));

    private static ExceptionInfo Capture(Exception exception, int depth)
    {
        var typeName = exception.GetType().FullName ?? exception.GetType().Name;
        var properties = s_registrations.TryGetValue(typeName, out var registration) && registration.Capture is { } capture
            ? capture(exception)
            : ExceptionInfo.EmptyProperties;
        return new ExceptionInfo
        {
            TypeName = typeName,
            Message = exception.Message,
            StackTrace = exception.StackTrace,
            ParamName = (exception as ArgumentException)?.ParamName,
            Properties = properties,
            Inner = exception.InnerException is { } inner && depth < 8 ? Capture(inner, depth + 1) : null,
        };
    }

    // ArgumentException.Message appends " (Parameter 'x')"; the constructor adds it again, so take it off.
    private static string StripParameterSuffix(ExceptionInfo info)
    {
        if (info.ParamName is null)
        {
            return info.Message;
        }

        var suffix = $" (Parameter '{info.ParamName}')";
        var index = info.Message.IndexOf(suffix, StringComparison.Ordinal);
        return index < 0 ? info.Message : info.Message.Remove(index, suffix.Length);
    }

    private sealed record Registration(
        Func<ExceptionInfo, Exception> Rebuild,
        Func<Exception, IReadOnlyDictionary<string, string?>>? Capture);
}
