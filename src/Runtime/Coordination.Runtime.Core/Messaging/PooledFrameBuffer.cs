using System.Buffers;
using System.Buffers.Binary;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// Builds one frame in a buffer rented from the shared pool: a reserved length prefix, the kind, the payload.
/// The sender fills it on its own thread; the connection's writer copies it out and returns the buffer.
/// </summary>
public sealed class PooledFrameBuffer : IBufferWriter<byte>
{
    private const int PrefixSize = 4;
    private byte[] _buffer;
    private int _written;

    public PooledFrameBuffer(FrameKind kind, int sizeHint = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, 64));
        _written = PrefixSize;
        _buffer[_written++] = (byte)kind;
    }

    /// <summary>The complete frame, length prefix included (valid after <see cref="Complete"/>).</summary>
    public ReadOnlySpan<byte> Frame => _buffer.AsSpan(0, _written);

    public int Length => _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Writes the length prefix: everything after it.</summary>
    public void Complete() => BinaryPrimitives.WriteInt32LittleEndian(_buffer, _written - PrefixSize);

    public void Return()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
