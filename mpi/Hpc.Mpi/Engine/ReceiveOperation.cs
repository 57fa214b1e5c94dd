using System.Buffers;

namespace Hpc.Mpi.Engine;

/// <summary>A posted receive: what it matches, where the data goes, and how it ended.</summary>
internal sealed unsafe class ReceiveOperation : MessageOperation
{
    /// <summary>Creates a receive into <paramref name="buffer"/> of <paramref name="capacity"/> bytes.</summary>
    public ReceiveOperation(MessageBuffer buffer, long capacity, int source, int context, int tag, MemoryHandle pin = default) =>
        Prepare(buffer, capacity, source, context, tag, pin);

    /// <summary>Where the data goes.</summary>
    public MessageBuffer Buffer { get; private set; }
    /// <summary>Bytes the buffer holds.</summary>
    public long Capacity { get; private set; }
    /// <summary>World rank to match, or <see cref="Any.Source"/>.</summary>
    public int Source { get; private set; }
    /// <summary>Communication context.</summary>
    public int Context { get; private set; }
    /// <summary>Tag to match, or <see cref="Any.Tag"/>.</summary>
    public int Tag { get; private set; }
    /// <summary>World rank the matched message came from.</summary>
    public int MatchedSource { get; set; }
    /// <summary>Tag of the matched message.</summary>
    public int MatchedTag { get; set; }
    /// <summary>Bytes of the matched message.</summary>
    public long MatchedLength { get; set; }
    /// <summary>Bytes received so far (streamed messages).</summary>
    public long Received { get; set; }
    /// <summary>Set when the message did not fit: the receive fails with it.</summary>
    public Exception? Error { get; set; }

    /// <summary>Starts a use of the object for a new receive.</summary>
    public void Prepare(MessageBuffer buffer, long capacity, int source, int context, int tag, MemoryHandle pin)
    {
        Begin(pin);
        Buffer = buffer;
        Capacity = capacity;
        Source = source;
        Context = context;
        Tag = tag;
        MatchedSource = 0;
        MatchedTag = 0;
        MatchedLength = 0;
        Received = 0;
        Error = null;
    }

    /// <summary>True when a message with this envelope matches.</summary>
    public bool Matches(int context, int source, int tag) =>
        context == Context && (Source == Any.Source || Source == source) && (Tag == Any.Tag || Tag == tag);
}
