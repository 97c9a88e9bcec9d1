using System.Buffers.Binary;
using System.Text;

namespace Coordination.Serialization;

/// <summary>
/// Reads the grain wire format written by <see cref="CodecWriter"/>. Every read is bounds-checked and
/// malformed input raises <see cref="GrainCodecException"/>, never an out-of-range crash or a huge allocation.
/// </summary>
public ref struct CodecReader
{
    // The default decoder substitutes U+FFFD for bad bytes; on the wire that would hide corruption.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public CodecReader(ReadOnlySpan<byte> data, IGrainFactory? grainFactory = null)
    {
        _data = data;
        _position = 0;
        GrainFactory = grainFactory;
    }

    /// <summary>Binds grain references read from the wire; null where references cannot occur.</summary>
    public IGrainFactory? GrainFactory { get; }

    public readonly int Remaining => _data.Length - _position;

    public readonly int Position => _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated(1);
        }

        return _data[_position++];
    }

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new GrainCodecException($"Invalid boolean byte {other}."),
    };

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1)
            {
                throw new GrainCodecException("A varint overflows 64 bits.");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new GrainCodecException("A varint is longer than 10 bytes.");
    }

    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        return value <= uint.MaxValue ? (uint)value : throw new GrainCodecException($"The value {value} does not fit in 32 bits.");
    }

    public long ReadVarInt64()
    {
        var raw = ReadVarUInt64();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadVarInt32()
    {
        var value = ReadVarInt64();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new GrainCodecException($"The value {value} does not fit in 32 bits.");
    }

    public sbyte ReadSByte()
    {
        var value = ReadVarInt64();
        return value is >= sbyte.MinValue and <= sbyte.MaxValue ? (sbyte)value : throw OutOfRange(value, "sbyte");
    }

    public short ReadInt16()
    {
        var value = ReadVarInt64();
        return value is >= short.MinValue and <= short.MaxValue ? (short)value : throw OutOfRange(value, "short");
    }

    public ushort ReadUInt16()
    {
        var value = ReadVarUInt64();
        return value <= ushort.MaxValue ? (ushort)value : throw OutOfRange((long)value, "ushort");
    }

    public int ReadInt32() => ReadVarInt32();

    public uint ReadUInt32() => ReadVarUInt32();

    public long ReadInt64() => ReadVarInt64();

    public ulong ReadUInt64() => ReadVarUInt64();

    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public decimal ReadDecimal()
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw new GrainCodecException("Invalid decimal bits.");
        }
    }

    public char ReadChar()
    {
        var value = ReadVarUInt32();
        return value <= char.MaxValue ? (char)value : throw new GrainCodecException($"The value {value} is not a UTF-16 code unit.");
    }

    public string? ReadString()
    {
        var header = ReadVarUInt32();
        if (header == 0)
        {
            return null;
        }

        var bytes = Take(checked((int)Math.Min(header - 1, int.MaxValue)));
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new GrainCodecException("A string is not valid UTF-8.");
        }
    }

    /// <summary>
    /// A string's UTF-8 bytes as written, neither copied nor validated: for matching against known strings
    /// without allocating. <paramref name="isNull"/> tells a null string from an empty one.
    /// </summary>
    public ReadOnlySpan<byte> ReadStringBytes(out bool isNull)
    {
        var header = ReadVarUInt32();
        isNull = header == 0;
        return isNull ? default : Take(checked((int)Math.Min(header - 1, int.MaxValue)));
    }

    public byte[]? ReadBytes()
    {
        var header = ReadVarUInt32();
        return header == 0 ? null : Take(checked((int)Math.Min(header - 1, int.MaxValue))).ToArray();
    }

    public Guid ReadGuid() => new(Take(16));

    public TimeSpan ReadTimeSpan() => new(ReadVarInt64());

    public DateTime ReadDateTime()
    {
        var ticks = ReadVarInt64();
        var kind = ReadByte();
        if (ticks is < 0 || ticks > DateTime.MaxValue.Ticks || kind > (byte)DateTimeKind.Local)
        {
            throw new GrainCodecException("Invalid DateTime.");
        }

        return new DateTime(ticks, (DateTimeKind)kind);
    }

    public DateTimeOffset ReadDateTimeOffset()
    {
        var ticks = ReadVarInt64();
        var offsetMinutes = ReadVarInt32();
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException)
        {
            throw new GrainCodecException("Invalid DateTimeOffset.");
        }
    }

    /// <summary>Reads a collection length written by <see cref="CodecWriter.WriteCount"/>: -1 for null.</summary>
    public int ReadCount()
    {
        var count = ReadVarInt32();
        // Every element takes at least one byte, so a larger count is a lie that would only allocate.
        if (count < -1 || count > Remaining)
        {
            throw new GrainCodecException($"Invalid collection length {count} with {Remaining} bytes left.");
        }

        return count;
    }

    /// <summary>Reads a grain reference and binds it to <see cref="GrainFactory"/>.</summary>
    public TGrain? ReadGrainReference<TGrain>()
        where TGrain : class, IGrain
    {
        if (!ReadBoolean())
        {
            return null;
        }

        var type = ReadString();
        var key = ReadString();
        if (type is null || key is null)
        {
            throw new GrainCodecException("A grain reference lacks its type or key.");
        }

        if (GrainFactory is null)
        {
            throw new GrainCodecException("A grain reference was received where no grain factory is available to bind it.");
        }

        GrainId id;
        try
        {
            id = GrainId.Create(type, key);
        }
        catch (ArgumentException e)
        {
            throw new GrainCodecException($"Invalid grain reference: {e.Message}");
        }

        return GrainFactory.GetGrain<TGrain>(id);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Truncated(count);
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static GrainCodecException OutOfRange(long value, string type) => new($"The value {value} does not fit in {type}.");

    private readonly GrainCodecException Truncated(int wanted) =>
        new($"The data ends early: {wanted} more bytes were expected at offset {_position} of {_data.Length}.");
}
