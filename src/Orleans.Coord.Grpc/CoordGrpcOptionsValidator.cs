using Microsoft.Extensions.Options;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Grpc;

/// <summary>Checks <see cref="CoordGrpcOptions"/> when the host starts; a failure names the option and its limit.</summary>
internal sealed class CoordGrpcOptionsValidator : IValidateOptions<CoordGrpcOptions>
{
    public ValidateOptionsResult Validate(string? name, CoordGrpcOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Coordination:Grpc:{Guard.Describe(ex)}");
        }
    }
}
