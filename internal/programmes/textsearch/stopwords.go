package textsearch

import "strings"

// stopWords are frequent German words that say nothing about a programme: the
// Snowball project's German stop word list, keyed by their plain form (umlauts
// folded), so that "für", "fuer" and "fur" are all recognised. Words that can carry
// meaning in funding texts ("alle" aside, which is too frequent to help) are not in
// it: "kein", "ohne" and "gegen" are, since a search for them alone finds nothing
// useful either.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
		anderr anders auch auf aus bei bin bis bist da damit dann das dass daß dasselbe dazu dein deine deinem deinen
		deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen dich die
		dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
		eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures
		für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
		ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine
		keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem
		meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine
		seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte
		sondern sonst über um und uns unser unsere unserem unseren unserer unseres unter viel vom von vor während
		war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will
		wir wird wirst wo wollen wollte würde würden wurde wurden zu zum zur zwar zwischen`) {
		m[plain.Replace(foldWord(w))] = true
	}
	return m
}()
