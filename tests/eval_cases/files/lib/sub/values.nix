{
  here = toString ./.;
  answer = 42;
  parent = toString ../.;
  dataExists = builtins.pathExists ../data.txt;
}
