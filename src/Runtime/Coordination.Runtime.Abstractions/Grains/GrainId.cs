using System.Text;

namespace Coordination;

/// <summary>
/// The identity of a grain: its type name and its key, written <c>type/key</c>. Two ids are equal when
/// both parts are equal ordinally.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    /// <summary>The longest key accepted, in UTF-8 bytes. It is the Elasticsearch <c>_id</c> limit, so every key can be stored.</summary>
    public const int MaxKeyUtf8Bytes = 512;

    private readonly int _hashCode;
    private readonly uint _stableHashCode;

    private GrainId(string type, string key)
    {
        Type = type;
        Key = key;
        _hashCode = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
        // Computed once: placement needs it on every call to this grain.
        _stableHashCode = StableHash.Compute(type, key);
    }

    /// <summary>The grain type name, for example <c>lock</c>.</summary>
    public string Type { get; }

    /// <summary>The grain key, for example <c>orders/42</c>.</summary>
    public string Key { get; }

    /// <summary>True for <c>default(GrainId)</c>, which identifies no grain.</summary>
    public bool IsDefault => Type is null;

    /// <summary>Creates a grain id after validating both parts.</summary>
    /// <exception cref="ArgumentException">A part is null, empty or whitespace, or the key is too long.</exception>
    public static GrainId Create(string type, string key)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new ArgumentException("A grain type name must be a non-empty string.", nameof(type));
        }

        ValidateKey(key);
        return new GrainId(type, key);
    }

    /// <summary>Checks a grain key: not null, not empty or whitespace, and at most <see cref="MaxKeyUtf8Bytes"/> UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">The key breaks one of those rules; the message says which.</exception>
    public static void ValidateKey(string? key, string parameterName = "key")
    {
        if (key is null)
        {
            throw new ArgumentNullException(parameterName, "A grain key must not be null.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("A grain key must not be empty or whitespace.", parameterName);
        }

        // Cheap bound first: a UTF-16 char never takes more than 3 UTF-8 bytes.
        if (key.Length * 3 > MaxKeyUtf8Bytes)
        {
            var byteCount = Encoding.UTF8.GetByteCount(key);
            if (byteCount > MaxKeyUtf8Bytes)
            {
                throw new ArgumentException(
                    $"A grain key must be at most {MaxKeyUtf8Bytes} UTF-8 bytes (the Elasticsearch _id limit); this one is {byteCount} bytes.",
                    parameterName);
            }
        }
    }

    public bool Equals(GrainId other) =>
        _hashCode == other._hashCode
        && string.Equals(Type, other.Type, StringComparison.Ordinal)
        && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => _hashCode;

    /// <summary>A hash of the id that is the same in every process, for placement on a consistent-hash ring.</summary>
    public uint GetStableHashCode() => _stableHashCode;

    public override string ToString() => IsDefault ? "(none)" : $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
