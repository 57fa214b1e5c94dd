namespace Hpc.OpenMp.Loops;

/// <summary>A body that calls an <see cref="Action{T}"/> with the loop variable.</summary>
internal readonly struct ActionBody(Action<int> body) : ILoopBody
{
    /// <summary>The user's body.</summary>
    private readonly Action<int> _body = body;

    /// <inheritdoc/>
    public void Invoke(int index) => _body(index);
}
