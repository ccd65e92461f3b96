{ name, greeting ? "hello", ... }@args:
{
  message = "${greeting}, ${name}";
  argNames = builtins.attrNames args;
}
