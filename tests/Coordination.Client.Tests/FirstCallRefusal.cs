using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Runtime;

namespace Coordination.Client.Tests;

/// <summary>
/// A silo-side grain call filter that fails the first call of one method to a lock whose key asks for it
/// (<c>refuse-first/&lt;failure&gt;/&lt;method&gt;/&lt;id&gt;</c>), before the grain sees it, with one of Orleans'
/// own exceptions; other calls and keys pass untouched. It lets tests check what coord does with each kind of failure
/// of a call, and count how often the call was made.
/// </summary>
internal sealed class FirstCallRefusal : IIncomingGrainCallFilter
{
    public const string GatewayTooBusy = "gateway-too-busy";
    public const string Rejected = "rejected";
    public const string SiloUnavailable = "silo-unavailable";
    public const string TimedOut = "timed-out";

    private const string Prefix = "refuse-first/";
    private static readonly ConcurrentDictionary<(string Key, string Method), int> s_calls = new();

    /// <summary>A fresh key whose first <paramref name="method"/> call fails with <paramref name="failure"/>.</summary>
    public static string Key(string failure, string method) => $"{Prefix}{failure}/{method}/{Guid.NewGuid():N}";

    /// <summary>How many times <paramref name="method"/> was called on <paramref name="key"/>, the refused call included.</summary>
    public static int Calls(string key, string method) => s_calls.TryGetValue((key, method), out var calls) ? calls : 0;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var key = context.TargetId.Key.ToString() ?? string.Empty;
        var parts = key.Split('/');
        if (key.StartsWith(Prefix, StringComparison.Ordinal) && parts.Length == 4 && parts[2] == context.InterfaceMethod.Name
            && s_calls.AddOrUpdate((key, parts[2]), 1, (_, calls) => calls + 1) == 1)
        {
            throw Failure(parts[1]);
        }

        await context.Invoke();
    }

    private static Exception Failure(string failure) => failure switch
    {
        GatewayTooBusy => new GatewayTooBusyException(),
        // Only Orleans' messaging makes rejections, so the constructor is internal.
        Rejected => (Exception)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException),
            BindingFlags.Instance | BindingFlags.NonPublic,
            binder: null,
            args: ["Exception while sending message: Unable to connect to S127.0.0.1:11111:0"],
            culture: null)!,
        SiloUnavailable => new SiloUnavailableException("The target silo became unavailable for message"),
        TimedOut => new TimeoutException("Response did not arrive on time"),
        _ => throw new ArgumentException($"No failure is called '{failure}'.", nameof(failure)),
    };
}
