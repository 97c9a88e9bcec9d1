using System.Text;

namespace Coordination.Locks;

/// <summary>
/// Checks of lock arguments, shared by the client and the grain so both reject bad input the same way,
/// with a message that names the parameter and the limit.
/// </summary>
public static class LockArguments
{
    /// <summary>The longest owner accepted, in characters.</summary>
    public const int MaxOwnerLength = 256;

    /// <summary>The longest force-release reason accepted, in characters.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>The longest key accepted, in UTF-8 bytes (the Elasticsearch <c>_id</c> limit).</summary>
    public const int MaxKeyUtf8Bytes = 512;

    /// <summary>Checks a lock key: not null, not empty or whitespace, at most <see cref="MaxKeyUtf8Bytes"/> UTF-8 bytes.</summary>
    public static void ValidateKey(string? key)
    {
        const string parameterName = "key";
        if (key is null)
        {
            throw new ArgumentNullException(parameterName, "A lock key must not be null.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("A lock key must not be empty or whitespace.", parameterName);
        }

        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyUtf8Bytes)
        {
            throw new ArgumentException($"A lock key must be at most {MaxKeyUtf8Bytes} UTF-8 bytes (the Elasticsearch _id limit); this one is {bytes} bytes.", parameterName);
        }
    }

    public static void ValidateOwner(string? owner) => ValidateText(owner, "owner", MaxOwnerLength);

    public static void ValidateReason(string? reason) => ValidateText(reason, "reason", MaxReasonLength);

    public static void ValidateFencingToken(long fencingToken)
    {
        if (fencingToken < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fencingToken), fencingToken, "A fencing token is at least 1; tokens come from a successful acquisition.");
        }
    }

    /// <summary>Checks a duration that must be positive and at most <paramref name="maximum"/>.</summary>
    public static void ValidateDuration(TimeSpan value, string parameterName, TimeSpan maximum)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be positive; it was {value}.");
        }

        if (value > maximum)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be at most {maximum}; it was {value}.");
        }
    }

    private static void ValidateText(string? value, string parameterName, int maximumLength)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"{parameterName} must not be null.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty or whitespace.", parameterName);
        }

        if (value.Length > maximumLength)
        {
            throw new ArgumentException($"{parameterName} must be at most {maximumLength} characters; it was {value.Length}.", parameterName);
        }
    }
}
