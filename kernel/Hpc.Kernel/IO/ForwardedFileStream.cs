using Hpc.Protocol;

namespace Hpc.IO;

/// <summary>
/// A host file opened through the proxy. Writes are write-behind: they are queued on the rank's ring and the rank
/// goes on; an error in one of them surfaces at the next <see cref="Flush"/>, read, seek or at dispose.
/// </summary>
internal sealed class ForwardedFileStream : Stream
{
    /// <summary>The proxy's handle.</summary>
    private readonly int _handle;
    /// <summary>The path as the job gave it, for messages.</summary>
    private readonly string _path;
    /// <summary>Opened for reading.</summary>
    private readonly bool _canRead;
    /// <summary>Opened for writing.</summary>
    private readonly bool _canWrite;
    /// <summary>Set once closed.</summary>
    private bool _closed;

    /// <summary>Wraps an open handle.</summary>
    public ForwardedFileStream(int handle, string path, FileAccess access)
    {
        _handle = handle;
        _path = path;
        _canRead = access.HasFlag(FileAccess.Read);
        _canWrite = access.HasFlag(FileAccess.Write);
    }

    /// <inheritdoc />
    public override bool CanRead => !_closed && _canRead;
    /// <inheritdoc />
    public override bool CanWrite => !_closed && _canWrite;
    /// <inheritdoc />
    public override bool CanSeek => !_closed;

    /// <inheritdoc />
    public override long Length => HostFileClient.Stat(ProxyOp.FStat, null, Parameters()).Length;

    /// <inheritdoc />
    public override long Position
    {
        get => Seek(0, SeekOrigin.Current);
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        ThrowIfClosed();
        FileParams parameters = Parameters();
        parameters.Count = Math.Min(buffer.Length, HostFileClient.Proxy.ReplyCapacity);
        long result = HostFileClient.HandleCall(ProxyOp.Read, parameters, buffer, out int length);
        HostErrors.Check(result, _path);
        return length;
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        var proxy = HostFileClient.Proxy;
        int chunk = proxy.MaxPayload - System.Runtime.CompilerServices.Unsafe.SizeOf<FileParams>();
        FileParams parameters = Parameters();
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(chunk, buffer.Length);
            proxy.Post(ProxyOp.Write, parameters, buffer[..take]);
            buffer = buffer[take..];
        }
    }

    /// <inheritdoc />
    public override void Flush()
    {
        if (!_closed)
        {
            HostErrors.Check(HostFileClient.HandleCall(ProxyOp.Flush, Parameters(), default, out _), _path);
        }
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        ThrowIfClosed();
        FileParams parameters = Parameters();
        parameters.Offset = offset;
        parameters.Whence = (int)origin;
        return HostErrors.Check(HostFileClient.HandleCall(ProxyOp.Seek, parameters, default, out _), _path);
    }

    /// <inheritdoc />
    public override void SetLength(long value)
    {
        ThrowIfClosed();
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        FileParams parameters = Parameters();
        parameters.Offset = value;
        HostErrors.Check(HostFileClient.HandleCall(ProxyOp.Truncate, parameters, default, out _), _path);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!_closed && disposing)
        {
            _closed = true;
            // Close reports the first write-behind error, as FileStream's final flush would.
            HostErrors.Check(HostFileClient.HandleCall(ProxyOp.Close, Parameters(), default, out _), _path);
        }

        base.Dispose(disposing);
    }

    /// <summary>Parameters naming this handle.</summary>
    private FileParams Parameters() => new() { Handle = _handle };

    /// <summary>Throws once closed.</summary>
    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);
}
