namespace Hpc.Mpi;

/// <summary>Shared-memory windows.</summary>
public sealed partial class Comm
{
    /// <summary>
    /// Makes a shared-memory window with <paramref name="count"/> elements of this rank's (MPI_Win_allocate_shared);
    /// every rank of the communicator must call it, each with its own count (0 is allowed). The parts are zeroed. The
    /// ranks must all run on one node: split one off with <c>SplitType(CommSplitType.Shared, 0)</c>. The memory comes
    /// from the node's window memory (hermit-run --window-memory) until the window is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The communicator spans several nodes, or the node's window memory has no room for the window (on every rank).
    /// </exception>
    public SharedWindow<T> AllocateSharedWindow<T>(int count)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int node = Engine.PlaceOf(Engine.Rank).Node;
        foreach (int member in _members)
        {
            if (Engine.PlaceOf(member).Node != node)
            {
                throw new InvalidOperationException(
                    $"a shared-memory window needs ranks of one node, and world ranks {Engine.Rank} and {member} run on nodes {node} and {Engine.PlaceOf(member).Node}: make the window on SplitType(CommSplitType.Shared, 0)");
            }
        }

        return SharedWindow<T>.Allocate(this, Engine, count);
    }
}
