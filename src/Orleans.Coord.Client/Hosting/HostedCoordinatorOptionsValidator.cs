using Microsoft.Extensions.Options;

namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// Checks <see cref="HostedCoordinatorOptions"/> when the host starts. A failure is one line that names the
/// configuration key (for example <c>Coordination:SessionTtl</c>) and the limit.
/// </summary>
internal sealed class HostedCoordinatorOptionsValidator(string? sectionName) : IValidateOptions<HostedCoordinatorOptions>
{
    public ValidateOptionsResult Validate(string? name, HostedCoordinatorOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(OneLine(ex));
        }
    }

    /// <summary>The exception's message without .NET's "(Parameter ...)" and "Actual value" lines, keyed by the configuration path.</summary>
    private string OneLine(ArgumentException ex)
    {
        var message = Validation.Guard.Describe(ex);
        var key = sectionName is null ? ex.ParamName : $"{sectionName}:{ex.ParamName}";
        if (ex.ParamName is { } param && message.StartsWith(param, StringComparison.Ordinal))
        {
            return key + message[param.Length..];
        }

        return key is null ? message : $"{key}: {message}";
    }
}
