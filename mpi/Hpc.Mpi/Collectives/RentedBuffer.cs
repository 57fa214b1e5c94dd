using System.Buffers;

namespace Hpc.Mpi.Collectives;

/// <summary>Scratch space of a collective from <see cref="ArrayPool{T}.Shared"/>, returned on dispose.</summary>
internal ref struct RentedBuffer<T>
    where T : unmanaged
{
    /// <summary>The rented array; null when nothing was rented (length 0) or after dispose.</summary>
    private T[]? _array;

    /// <summary>Rents room for <paramref name="length"/> elements.</summary>
    public RentedBuffer(int length)
    {
        _array = length == 0 ? null : ArrayPool<T>.Shared.Rent(length);
        Span = _array is null ? default : _array.AsSpan(0, length);
    }

    /// <summary>Exactly the requested elements.</summary>
    public Span<T> Span { get; }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<T>.Shared.Return(_array);
            _array = null;
        }
    }
}
