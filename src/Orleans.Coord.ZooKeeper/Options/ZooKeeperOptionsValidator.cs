using Orleans.Runtime;

namespace Orleans.Coord.ZooKeeper.Options;

/// <summary>
/// Runs an options class's <c>Validate</c> method when the silo or client starts, reporting a failure as an
/// <see cref="OrleansConfigurationException"/> that names the provider and wraps the original argument exception.
/// </summary>
internal sealed class ZooKeeperOptionsValidator(string providerDescription, Action validate) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            throw new OrleansConfigurationException($"Invalid configuration for {providerDescription}: {ex.Message}", ex);
        }
    }
}
