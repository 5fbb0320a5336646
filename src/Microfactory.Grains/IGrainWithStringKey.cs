namespace Microfactory.Grains;

/// <summary>Marks a grain interface: every method returns <see cref="Task"/> or <see cref="Task{TResult}"/>.</summary>
public interface IGrainWithStringKey;
