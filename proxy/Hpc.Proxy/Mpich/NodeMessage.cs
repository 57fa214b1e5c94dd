namespace Hpc.Proxy.Mpich;

/// <summary>A message received from another node: its sender, its tag and its bytes (owned by the receiver).</summary>
/// <param name="Node">The sending node (its rank in MPI_COMM_WORLD).</param>
/// <param name="Tag">The tag it was sent with.</param>
/// <param name="Payload">The message bytes; a slice of an array that nothing else references.</param>
internal readonly record struct NodeMessage(int Node, int Tag, Memory<byte> Payload);
