// Package source reads exam dumps wherever they are (a folder, a .zip or a
// .tar.gz archive read in place, or an embedded file system), recognises
// each file's format from its content, hands it to the format's parser
// (subpackages markdown and examtopics) and accounts for every file it could
// not use.
package source
