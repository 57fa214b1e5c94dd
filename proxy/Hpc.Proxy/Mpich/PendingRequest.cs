namespace Hpc.Proxy.Mpich;

/// <summary>What an outstanding MPI request is for.</summary>
internal enum RequestKind
{
    /// <summary>A frame of an <see cref="OutgoingMessage"/>.</summary>
    SendFrame,
    /// <summary>An inline frame or a chunk of an <see cref="IncomingMessage"/>.</summary>
    ReceiveFrame,
    /// <summary>An empty heartbeat to a peer.</summary>
    Heartbeat,
    /// <summary>The closing barrier.</summary>
    Barrier,
}

/// <summary>The bookkeeping of one outstanding MPI request.</summary>
/// <param name="Kind">What it is for.</param>
/// <param name="Node">The peer it talks to (-1 for the barrier).</param>
/// <param name="Bytes">Bytes it moves.</param>
/// <param name="Owner">The <see cref="OutgoingMessage"/> or <see cref="IncomingMessage"/> it belongs to.</param>
internal readonly record struct PendingRequest(RequestKind Kind, int Node, int Bytes, object? Owner);

/// <summary>A request that completed, with its error code (0 when fine) and status.</summary>
/// <param name="Request">The bookkeeping.</param>
/// <param name="Error">The MPI error code of this request.</param>
/// <param name="Status">The status MPI filled in (receives only).</param>
internal readonly record struct Completion(PendingRequest Request, int Error, MpiStatus Status);
