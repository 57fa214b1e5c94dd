using System.Runtime.InteropServices;

namespace Hpc.Mpi;

/// <summary>
/// A value and the index it belongs to (a rank, an element number…): the element type of <see cref="Op.MinLoc{T}"/>
/// and <see cref="Op.MaxLoc{T}"/>, like MPI's <c>MPI_DOUBLE_INT</c> and its kin.
/// </summary>
/// <example>
/// <code>
/// var mine = new ValueIndex&lt;double&gt;(localError, world.Rank);
/// ValueIndex&lt;double&gt; worst = world.Allreduce(mine, Op.MaxLoc&lt;double&gt;()); // worst.Index: the rank with the largest error
/// </code>
/// </example>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value compared.</param>
/// <param name="Index">The index carried along; on equal values the lower one wins.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct ValueIndex<T>(T Value, int Index)
    where T : unmanaged;
