/* lang_list.h - the tree-sitter grammars assay links, as an X-macro
 * (YARA's module_list). Each line: X(name used in rules, tree-sitter symbol,
 * how a call names its callee: node type and field).
 * SPDX-License-Identifier: Apache-2.0 */
ASSAY_LANG(c, tree_sitter_c, "call_expression", "function")
ASSAY_LANG(bash, tree_sitter_bash, "command", "name")
ASSAY_LANG(php, tree_sitter_php, "function_call_expression", "function")
ASSAY_LANG(python, tree_sitter_python, "call", "function")
ASSAY_LANG(javascript, tree_sitter_javascript, "call_expression", "function")
ASSAY_LANG(typescript, tree_sitter_typescript, "call_expression", "function")
ASSAY_LANG(ruby, tree_sitter_ruby, "call", "method")
ASSAY_LANG(perl, tree_sitter_perl, "function_call_expression", "function")
